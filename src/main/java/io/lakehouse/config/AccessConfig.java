package io.lakehouse.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The catalog's access section: organisations (which tables, storage profiles and scan roots each owns), roles
 * (what their holders may read) and principals (who connects, in which organisation, with which roles). Whoever
 * controls the catalog file is the administrator; nothing here can be changed from a connection. Immutable.
 *
 * @param organizations by name
 * @param roles by name
 * @param principals by name
 */
public record AccessConfig(Map<String, Organization> organizations, Map<String, Role> roles,
    Map<String, PrincipalEntry> principals) {

  /**
   * An organisation (tenant).
   *
   * @param tables patterns of the qualified table names it owns ({@code sales}, {@code crm.*}, {@code *})
   * @param storage names of the storage profiles it owns (its credentials)
   * @param scanRoots locations its principals may name in {@code delta_scan} / {@code iceberg_scan} (with a role
   *     that allows table functions), besides its own tables' roots
   */
  public record Organization(String name, List<TablePattern> tables, List<String> storage, List<String> scanRoots) {
    public boolean owns(TableEntry table) {
      return tables.stream().anyMatch(p -> p.matches(table));
    }
  }

  /**
   * A role.
   *
   * @param grants what it may read
   * @param tableFunctions whether its holders may use {@code delta_scan} / {@code iceberg_scan} on locations that
   *     are not one of their tables (inside their organisation's scan roots)
   */
  public record Role(String name, List<Grant> grants, boolean tableFunctions) {}

  /**
   * SELECT on the tables a pattern matches.
   *
   * @param table the pattern
   * @param columns the readable columns (lower-cased), or null for all
   * @param rowFilter a SQL predicate over the table's columns that every row read must satisfy, or null
   */
  public record Grant(TablePattern table, List<String> columns, String rowFilter) {}

  /**
   * Someone who connects.
   *
   * @param passwordHash a {@code pbkdf2-sha256:...} hash of the password, or null when the principal can only be
   *     set by the application (see {@code PrincipalResolver})
   */
  public record PrincipalEntry(String name, String organization, List<String> roles, String passwordHash) {}

  /**
   * A pattern over qualified table names ({@code schema.name}, case-insensitive). {@code *} matches any run of
   * characters; a pattern without a dot is a table of the default schema.
   */
  public record TablePattern(String text, Pattern regex) {
    public static TablePattern of(String text) {
      String qualified = text.contains(".") || text.equals("*") ? text : CatalogConfig.DEFAULT_SCHEMA + "." + text;
      String r = Arrays.stream(qualified.toLowerCase(Locale.ROOT).split("\\*", -1)).map(Pattern::quote)
          .collect(Collectors.joining(".*"));
      return new TablePattern(text, Pattern.compile(r));
    }

    public boolean matches(TableEntry table) {
      return regex.matcher(table.qualifiedName().toLowerCase(Locale.ROOT)).matches();
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** The organisation owning a table, if any. */
  public Optional<Organization> ownerOf(TableEntry table) {
    return organizations.values().stream().filter(o -> o.owns(table)).findFirst();
  }

  /**
   * What a principal with these roles may read of a table, combined over all grants that match it: the union of
   * the granted columns, and the rows of any grant's filter. Empty when nothing is granted.
   *
   * @throws IllegalArgumentException when the grants differ in both columns and row filters, which no single
   *     (columns, filter) pair describes exactly (a union would show some columns of rows no grant shows them for)
   */
  public Optional<Grant> effectiveGrant(List<String> roleNames, TableEntry table) {
    List<Grant> matching = new java.util.ArrayList<>();
    for (String r : roleNames) {
      Role role = roles.get(r);
      if (role != null) {
        role.grants().stream().filter(g -> g.table().matches(table)).forEach(matching::add);
      }
    }
    if (matching.isEmpty()) {
      return Optional.empty();
    }
    boolean allColumns = matching.stream().anyMatch(g -> g.columns() == null);
    java.util.Set<String> columns = new java.util.TreeSet<>();
    matching.forEach(g -> {
      if (g.columns() != null) {
        columns.addAll(g.columns());
      }
    });
    boolean unfiltered = matching.stream().anyMatch(g -> g.rowFilter() == null);
    java.util.Set<String> filters = new java.util.LinkedHashSet<>();
    matching.forEach(g -> {
      if (g.rowFilter() != null) {
        filters.add(g.rowFilter());
      }
    });
    long columnShapes = matching.stream().map(g -> g.columns() == null ? List.of("*")
        : g.columns().stream().sorted().toList()).distinct().count();
    long filterShapes = matching.stream().map(g -> String.valueOf(g.rowFilter())).distinct().count();
    if (columnShapes > 1 && filterShapes > 1) {
      throw new IllegalArgumentException("the grants on table " + table.qualifiedName() + " differ in both columns "
          + "and row filters, which cannot be combined exactly; grant the table through one role, or give the "
          + "grants the same columns or the same row filter");
    }
    String filter = unfiltered ? null : filters.size() == 1 ? filters.iterator().next()
        : filters.stream().map(f -> "(" + f + ")").collect(Collectors.joining(" OR "));
    return Optional.of(new Grant(TablePattern.of(table.qualifiedName()), allColumns ? null : List.copyOf(columns),
        filter));
  }
}
