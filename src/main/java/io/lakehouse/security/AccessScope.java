package io.lakehouse.security;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.config.AccessConfig.Grant;
import io.lakehouse.config.AccessConfig.Organization;
import io.lakehouse.config.AccessConfig.PrincipalEntry;
import io.lakehouse.config.AccessConfig;
import io.lakehouse.config.CatalogConfig;
import io.lakehouse.config.StorageProfile;
import io.lakehouse.config.TableEntry;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one connection may see and read: the authenticated principal, the catalog as its organisation sees it
 * (only the organisation's tables, storage profiles and scan roots), and the principal's grants per table. Made
 * once when the connection opens; the SQL layer asks it per table reference, the metadata per listing.
 */
public final class AccessScope {
  private final String principal;
  private final Organization organization;
  private final List<String> roles;
  private final CatalogConfig catalog;
  private final AccessConfig access;

  private AccessScope(String principal, Organization organization, List<String> roles, CatalogConfig catalog,
      AccessConfig access) {
    this.principal = principal;
    this.organization = organization;
    this.roles = roles;
    this.catalog = catalog;
    this.access = access;
  }

  /**
   * Authenticates a connection and scopes the catalog to its organisation. Without an access section in the
   * catalog everything is readable and {@code user} is only recorded.
   *
   * @param resolver the application's choice of principal, or null to authenticate {@code user} / {@code password}
   */
  public static AccessScope open(CatalogConfig catalog, String user, String password, PrincipalResolver resolver)
      throws SQLException {
    AccessConfig access = catalog.access();
    Principal chosen = null;
    if (resolver != null) {
      try {
        chosen = resolver.resolve();
      } catch (RuntimeException e) {
        throw new LakehouseSqlException("The principal resolver failed: " + e, SqlState.AUTHENTICATION,
            e);
      }
      if (chosen == null) {
        throw new LakehouseSqlException("The principal resolver gave no principal",
            SqlState.AUTHENTICATION);
      }
    }
    if (access == null) {
      return new AccessScope(chosen != null ? chosen.name() : user, null, List.of(), catalog, null);
    }
    String name;
    String orgName;
    List<String> roles;
    if (chosen != null) {
      name = chosen.name();
      if (chosen.organization() == null) {
        PrincipalEntry entry = access.principals().get(name);
        if (entry == null) {
          throw new LakehouseSqlException("The principal resolver chose '" + name + "', which the catalog does not "
              + "define; return a Principal with its organization and roles instead",
              SqlState.AUTHENTICATION);
        }
        orgName = entry.organization();
        roles = entry.roles();
      } else {
        orgName = chosen.organization();
        roles = chosen.roles();
        if (!access.organizations().containsKey(orgName)) {
          throw new LakehouseSqlException("The principal resolver chose organization '" + orgName + "', which the "
              + "catalog does not define", SqlState.AUTHENTICATION);
        }
        for (String r : roles) {
          if (!access.roles().containsKey(r)) {
            throw new LakehouseSqlException("The principal resolver chose role '" + r + "', which the catalog does "
                + "not define", SqlState.AUTHENTICATION);
          }
        }
      }
    } else {
      if (user == null || user.isEmpty()) {
        throw new LakehouseSqlException("This catalog requires a user and password",
            SqlState.AUTHENTICATION);
      }
      PrincipalEntry entry = access.principals().get(user);
      // One message for an unknown user, a wrong password and an application-only principal: no user oracle.
      if (!PasswordHash.verify(password == null ? null : password.toCharArray(),
          entry == null ? null : entry.passwordHash())) {
        throw new LakehouseSqlException("Authentication failed for user '" + user + "'",
            SqlState.AUTHENTICATION);
      }
      name = user;
      orgName = entry.organization();
      roles = entry.roles();
    }
    Organization org = access.organizations().get(orgName);
    List<TableEntry> tables = catalog.tables().stream().filter(org::owns).toList();
    Set<String> owned = access.organizations().values().stream().flatMap(o -> o.storage().stream())
        .collect(Collectors.toSet());
    Map<String, StorageProfile> profiles = new LinkedHashMap<>();
    catalog.storage().forEach((n, p) -> {
      if (org.storage().contains(n) || !owned.contains(n)) {
        profiles.put(n, p);
      }
    });
    CatalogConfig.CacheSettings cache = catalog.cache();
    // One cache folder per organisation: DuckDB may read its cache folder, so it holds only this tenant's files.
    CatalogConfig.CacheSettings orgCache = new CatalogConfig.CacheSettings(
        cache.directory().resolve("org-" + safeName(orgName)), cache.maxBytes(), cache.sparse());
    CatalogConfig scoped = catalog.restrictedTo(tables, profiles, org.scanRoots(), orgCache);
    return new AccessScope(name, org, List.copyOf(roles), scoped, access);
  }

  private static String safeName(String name) {
    return name.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + Integer.toHexString(name.hashCode());
  }

  /** The principal's name (the {@code user} property in a single-user catalog; may be null there). */
  public String principal() {
    return principal;
  }

  /** The organisation's name, or null in a single-user catalog. */
  public String organization() {
    return organization == null ? null : organization.name();
  }

  /** Whether the catalog has an access section (otherwise every table is fully readable). */
  public boolean enforced() {
    return access != null;
  }

  /** The catalog as this principal's organisation sees it. */
  public CatalogConfig catalog() {
    return catalog;
  }

  /** What the principal may read of a table of its organisation; empty when nothing is granted. */
  public Optional<Grant> grant(TableEntry table) {
    if (access == null) {
      return Optional.of(new Grant(AccessConfig.TablePattern.of("*"), null, null));
    }
    return access.effectiveGrant(roles, table);
  }

  /**
   * The tables the principal may read, by schema then name (the order listings need); tables without a grant are
   * not shown.
   */
  public List<TableEntry> readableTables() {
    return catalog.tables().stream().filter(t -> grant(t).isPresent())
        .sorted(Comparator.comparing(TableEntry::schema).thenComparing(TableEntry::name)).toList();
  }

  /**
   * What the principal may read through a table-function location: one of its tables by root (that table's grant),
   * somewhere inside a table it may read in full, or, with a role allowing table functions, another location inside
   * its organisation's scan roots (null: no restriction).
   *
   * @param resolved the location, resolved (symlinks, {@code ..}) and known to lie inside the scan roots
   * @param function the table function's name, for the message
   */
  public Grant grantForLocation(String resolved, String function, int line, int column) throws SQLException {
    Optional<TableEntry> own = catalog.tableAtRoot(resolved);
    if (own.isPresent()) {
      return grant(own.get()).orElseThrow(() -> denied(own.get().qualifiedName(), line, column));
    }
    Optional<TableEntry> containing = catalog.tableContaining(resolved);
    if (containing.isPresent()) {
      Grant g = grant(containing.get()).orElse(null);
      if (g == null || g.columns() != null || g.rowFilter() != null) {
        throw denied(containing.get().qualifiedName(), line, column);
      }
      return g;
    }
    if (!tableFunctions()) {
      throw new LakehouseSqlException("Access denied: " + principal() + " may not use " + function
          + " on locations other than its tables", SqlState.ACCESS_DENIED, line, column, null);
    }
    return null;
  }

  /** Whether the principal may name locations that are not its tables in {@code delta_scan} / {@code iceberg_scan}. */
  public boolean tableFunctions() {
    return access == null || roles.stream().map(access.roles()::get)
        .anyMatch(r -> r != null && r.tableFunctions());
  }

  /** The refusal for a table the principal can see but not read. */
  public SQLException denied(String table, int line, int column) {
    return new LakehouseSqlException("Access denied: " + principal + " may not read table " + table,
        SqlState.ACCESS_DENIED, line, column, null);
  }
}
