package io.lakehouse.sql;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.config.CatalogConfig;
import io.lakehouse.config.TableEntry;
import io.lakehouse.security.AccessScope;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * How a connection's SQL names schemas and tables: its catalog's name ({@code catalog.schema.table}), its current
 * schema ({@code USE schema}, {@code Connection.setSchema}; where one-part names resolve), the
 * {@code information_schema} schema, and "did you mean" hints drawn only from what the principal may read.
 *
 * <p>Unquoted name parts match case-insensitively, quoted parts exactly. A schema may itself contain dots
 * ({@code crm.eu}); a name of three or more parts whose first part names the catalog is also read without it, and a
 * name that means two different tables both ways is refused as ambiguous rather than guessed.
 */
public final class CatalogNames {
  /** The schema of the metadata tables ({@link InformationSchema}). */
  public static final String INFORMATION_SCHEMA = "information_schema";

  private final AccessScope access;
  private final CatalogConfig catalog;
  private volatile String schema = CatalogConfig.DEFAULT_SCHEMA;

  public CatalogNames(AccessScope access) {
    this.access = access;
    this.catalog = access.catalog();
  }

  /** The catalog's name (JDBC {@code TABLE_CAT}; the first part of a three-part name). */
  public String catalogName() {
    return catalog.name();
  }

  /** The current schema: where one-part table names resolve. */
  public String schema() {
    return schema;
  }

  /**
   * {@code Connection.setSchema}: the name as metadata returns it (exact); failing that, the one visible schema
   * equal to it ignoring case.
   *
   * @throws SQLException 3F000 when the principal sees no such schema
   */
  public void setSchema(String name) throws SQLException {
    if (name == null) {
      throw new LakehouseSqlException("Schema name must not be null", SqlState.INVALID_SCHEMA);
    }
    TreeSet<String> visible = schemas();
    if (visible.contains(name)) {
      schema = name;
      return;
    }
    List<String> folded = visible.stream().filter(s -> s.equalsIgnoreCase(name)).toList();
    if (folded.size() != 1) {
      throw unknownSchema(name, 0, 0);
    }
    schema = folded.get(0);
  }

  /**
   * {@code USE [catalog.]schema}: the name parts as written.
   *
   * @throws SQLException 3F000 for an unknown schema, 3D000 for another catalog's name
   */
  public void use(List<String> parts, List<Boolean> quoted, int line, int column) throws SQLException {
    List<String> found = new ArrayList<>();
    for (String s : schemas()) {
      if (named(s, parts, quoted) || parts.size() > 1 && isCatalog(parts.get(0), quoted.get(0))
          && named(s, parts.subList(1, parts.size()), quoted.subList(1, quoted.size()))) {
        found.add(s);
      }
    }
    if (found.size() > 1) {
      throw new LakehouseSqlException("Schema name '" + String.join(".", parts) + "' is ambiguous: it names "
          + String.join(" and ", found) + "; quote the parts", SqlState.SYNTAX, line, column, null);
    }
    if (found.isEmpty()) {
      if (parts.size() > 1 && !isCatalog(parts.get(0), quoted.get(0))
          && schemas().stream().anyMatch(s -> named(s, parts.subList(1, parts.size()),
              quoted.subList(1, quoted.size())))) {
        throw unknownCatalog(parts.get(0), line, column);
      }
      throw unknownSchema(String.join(".", parts), line, column);
    }
    schema = found.get(0);
  }

  /** The schemas the principal sees: the default one, those of its readable tables, and information_schema. */
  public TreeSet<String> schemas() {
    TreeSet<String> schemas = new TreeSet<>();
    schemas.add(CatalogConfig.DEFAULT_SCHEMA);
    schemas.add(INFORMATION_SCHEMA);
    access.readableTables().forEach(t -> schemas.add(t.schema()));
    return schemas;
  }

  /** What a table name in a FROM clause names: a catalog table, or one of information_schema's tables. */
  record Resolved(TableEntry table, String informationSchemaTable) {}

  /**
   * Resolves a table name. A table of the principal's organisation is returned even without a grant (the caller
   * refuses it with 42501, as before); a name that finds nothing gets 42S02 with a hint among readable tables.
   */
  Resolved resolve(List<String> parts, List<Boolean> quoted, int line, int column) throws SQLException {
    List<List<String>> forms = new ArrayList<>();
    List<List<Boolean>> formQuotes = new ArrayList<>();
    if (parts.size() == 1) {
      forms.add(List.of(schema, parts.get(0)));
      formQuotes.add(List.of(true, quoted.get(0)));
    } else {
      forms.add(parts);
      formQuotes.add(quoted);
      if (parts.size() >= 3 && isCatalog(parts.get(0), quoted.get(0))) {
        forms.add(parts.subList(1, parts.size()));
        formQuotes.add(quoted.subList(1, quoted.size()));
      }
    }
    List<Resolved> found = new ArrayList<>();
    for (int i = 0; i < forms.size(); i++) {
      find(forms.get(i), formQuotes.get(i)).filter(r -> !found.contains(r)).ifPresent(found::add);
    }
    String written = String.join(".", parts);
    if (found.size() > 1) {
      throw new LakehouseSqlException("Table name '" + written + "' is ambiguous: it names a table of schema "
          + String.join(".", parts.subList(0, parts.size() - 1)) + " and, read as catalog." + "schema.table, one of "
          + "schema " + String.join(".", parts.subList(1, parts.size() - 1)) + "; quote the parts",
          SqlState.SYNTAX, line, column, null);
    }
    if (found.size() == 1) {
      return found.get(0);
    }
    if (parts.size() >= 3 && !isCatalog(parts.get(0), quoted.get(0))
        && find(parts.subList(1, parts.size()), quoted.subList(1, quoted.size())).isPresent()) {
      throw unknownCatalog(parts.get(0), line, column);
    }
    String hint = suggestion(parts);
    throw new LakehouseSqlException("Table '" + written + "' not found in catalog " + catalog.source()
        + (hint == null ? "" : "; did you mean " + hint + "?"), SqlState.UNKNOWN_TABLE, line, column, null);
  }

  private Optional<Resolved> find(List<String> parts, List<Boolean> quoted) {
    if (parts.size() == 2 && named(INFORMATION_SCHEMA, parts.subList(0, 1), quoted.subList(0, 1))) {
      String table = parts.get(1);
      return InformationSchema.TABLES.stream()
          .filter(t -> quoted.get(1) ? t.equals(table) : t.equalsIgnoreCase(table)).findFirst()
          .map(t -> new Resolved(null, t));
    }
    return catalog.find(parts, quoted).map(t -> new Resolved(t, null));
  }

  private boolean isCatalog(String part, boolean quoted) {
    return quoted ? part.equals(catalogName()) : part.equalsIgnoreCase(catalogName());
  }

  private SQLException unknownCatalog(String name, int line, int column) {
    return new LakehouseSqlException("Catalog '" + name + "' not found; this connection's catalog is '"
        + catalogName() + "'", SqlState.INVALID_CATALOG, line, column, null);
  }

  private SQLException unknownSchema(String name, int line, int column) {
    String hint = closest(name, schemas());
    return new LakehouseSqlException("Schema '" + name + "' not found in catalog " + catalogName()
        + (hint == null ? "" : "; did you mean " + hint + "?"), SqlState.INVALID_SCHEMA, line, column, null);
  }

  /**
   * The readable table (or information_schema table) closest to what was written, by edit distance, or null; the
   * schema is shown unless it is the current one. Tables the principal may not read are never suggested.
   */
  private String suggestion(List<String> parts) {
    String name = parts.get(parts.size() - 1);
    String schemaWritten = parts.size() == 1 ? null : String.join(".", parts.subList(0, parts.size() - 1));
    // Written without a schema: compared with the names as they would be written from the current schema; with
    // one: with the qualified names.
    List<String> candidates = new ArrayList<>();
    for (TableEntry t : access.readableTables()) {
      candidates.add(display(t.schema(), t.name(), schemaWritten != null));
    }
    for (String t : InformationSchema.TABLES) {
      candidates.add(display(INFORMATION_SCHEMA, t, schemaWritten != null));
    }
    String written = schemaWritten == null ? name : schemaWritten + "." + name;
    return closest(written, candidates);
  }

  private String display(String tableSchema, String table, boolean qualified) {
    return tableSchema.equals(schema) && !qualified ? table : tableSchema + "." + table;
  }

  /** The candidate nearest to the name (ignoring case) within a small edit distance, or null. */
  static String closest(String name, Collection<String> candidates) {
    String lower = name.toLowerCase(Locale.ROOT);
    int limit = lower.length() <= 3 ? 1 : lower.length() <= 8 ? 2 : 3;
    return candidates.stream()
        .filter(c -> distance(lower, c.toLowerCase(Locale.ROOT)) <= limit)
        .min(Comparator.comparingInt((String c) -> distance(lower, c.toLowerCase(Locale.ROOT)))
            .thenComparing(Comparator.naturalOrder()))
        .orElse(null);
  }

  /** Levenshtein distance (insertions, deletions, substitutions). Names are short: two rows suffice. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** Whether a (dotted) schema is the one named: unquoted parts case-insensitively, quoted parts exactly. */
  static boolean named(String schemaName, List<String> parts, List<Boolean> quoted) {
    if (parts.size() == 1 && quoted.get(0)) {
      return schemaName.equals(parts.get(0));
    }
    String[] split = schemaName.split("\\.", -1);
    if (split.length != parts.size()) {
      return false;
    }
    for (int i = 0; i < split.length; i++) {
      boolean same = quoted.get(i) ? split[i].equals(parts.get(i)) : split[i].equalsIgnoreCase(parts.get(i));
      if (!same) {
        return false;
      }
    }
    return true;
  }
}
