package io.lakehouse.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakehouse.config.AccessConfig.Grant;
import io.lakehouse.config.AccessConfig.Organization;
import io.lakehouse.config.AccessConfig.PrincipalEntry;
import io.lakehouse.config.AccessConfig.Role;
import io.lakehouse.config.AccessConfig.TablePattern;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses and checks the access sections of a catalog file ({@code organizations}, {@code roles},
 * {@code principals}). Everything that can be checked without opening a table is checked here, so a mistake in
 * the policy stops the catalog from loading instead of surfacing as a surprise grant later.
 */
final class AccessLoader {
  static final Set<String> SECTIONS = Set.of("organizations", "roles", "principals");
  private static final Set<String> ORG_KEYS = Set.of("tables", "storage", "scan_roots");
  private static final Set<String> ROLE_KEYS = Set.of("grants", "table_functions");
  private static final Set<String> GRANT_KEYS = Set.of("select", "columns", "row_filter");
  private static final Set<String> PRINCIPAL_KEYS = Set.of("organization", "roles", "password_hash");

  private AccessLoader() {}

  /** The access section, or null when the catalog has none (single-user: every table readable). */
  static AccessConfig load(CatalogLoader.Context ctx, JsonNode root, Path base, List<TableEntry> tables,
      Map<String, StorageProfile> storage) throws SQLException {
    if (SECTIONS.stream().noneMatch(root::has)) {
      return null;
    }
    Map<String, Organization> orgs = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : entries(ctx, root, "organizations")) {
      orgs.put(e.getKey(), organization(ctx, "organizations." + e.getKey(), e.getKey(), e.getValue(), base,
          storage));
    }
    Map<String, Role> roles = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : entries(ctx, root, "roles")) {
      roles.put(e.getKey(), role(ctx, "roles." + e.getKey(), e.getKey(), e.getValue()));
    }
    Map<String, PrincipalEntry> principals = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : entries(ctx, root, "principals")) {
      principals.put(e.getKey(), principal(ctx, "principals." + e.getKey(), e.getKey(), e.getValue(), orgs,
          roles));
    }
    // Declaration order is kept, so messages list organisations as the file does.
    AccessConfig access = new AccessConfig(Collections.unmodifiableMap(orgs), Collections.unmodifiableMap(roles),
        Collections.unmodifiableMap(principals));
    checkOwnership(ctx, access, tables, storage);
    for (PrincipalEntry p : principals.values()) {
      Organization org = orgs.get(p.organization());
      for (TableEntry t : tables) {
        if (org.owns(t)) {
          try {
            access.effectiveGrant(p.roles(), t);
          } catch (IllegalArgumentException ex) {
            throw CatalogLoader.error(ctx.at("principals." + p.name() + ".roles") + ex.getMessage());
          }
        }
      }
    }
    return access;
  }

  private static Iterable<Map.Entry<String, JsonNode>> entries(CatalogLoader.Context ctx, JsonNode root,
      String key) throws SQLException {
    JsonNode node = root.get(key);
    if (node == null || node.isNull()) {
      return List.of();
    }
    ctx.requireObject(node, key);
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    node.fields().forEachRemaining(out::add);
    return out;
  }

  private static Organization organization(CatalogLoader.Context ctx, String key, String name, JsonNode node,
      Path base, Map<String, StorageProfile> storage) throws SQLException {
    ctx.requireObject(node, key);
    ctx.checkKeys(node, key, ORG_KEYS);
    List<TablePattern> tables = new ArrayList<>();
    for (String p : texts(ctx, node, key, "tables", true)) {
      tables.add(TablePattern.of(p));
    }
    List<String> profiles = texts(ctx, node, key, "storage", false);
    for (String p : profiles) {
      if (!storage.containsKey(p)) {
        throw CatalogLoader.error(ctx.at(key + ".storage") + "no storage profile named '" + p + "'; defined: "
            + storage.keySet());
      }
    }
    List<String> roots = new ArrayList<>();
    for (String r : texts(ctx, node, key, "scan_roots", false)) {
      roots.add(CatalogLoader.location(r, base, ctx.at(key + ".scan_roots")));
    }
    return new Organization(name, List.copyOf(tables), List.copyOf(profiles), List.copyOf(roots));
  }

  private static Role role(CatalogLoader.Context ctx, String key, String name, JsonNode node) throws SQLException {
    ctx.requireObject(node, key);
    ctx.checkKeys(node, key, ROLE_KEYS);
    List<Grant> grants = new ArrayList<>();
    JsonNode list = node.get("grants");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        throw CatalogLoader.error(ctx.at(key + ".grants") + "expected a list such as [ { select: \"sales\" } ]");
      }
      for (int i = 0; i < list.size(); i++) {
        String gk = key + ".grants[" + i + "]";
        JsonNode g = list.get(i);
        ctx.requireObject(g, gk);
        ctx.checkKeys(g, gk, GRANT_KEYS);
        TablePattern table = TablePattern.of(ctx.requireText(g, gk, "select"));
        List<String> columns = null;
        if (g.has("columns")) {
          columns = texts(ctx, g, gk, "columns", true).stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        }
        String filter = g.has("row_filter") ? ctx.requireText(g, gk, "row_filter") : null;
        grants.add(new Grant(table, columns, filter));
      }
    }
    boolean tableFunctions = false;
    if (node.has("table_functions")) {
      if (!node.get("table_functions").isBoolean()) {
        throw CatalogLoader.error(ctx.at(key + ".table_functions") + "expected true or false");
      }
      tableFunctions = node.get("table_functions").asBoolean();
    }
    return new Role(name, List.copyOf(grants), tableFunctions);
  }

  private static PrincipalEntry principal(CatalogLoader.Context ctx, String key, String name, JsonNode node,
      Map<String, Organization> orgs, Map<String, Role> roles) throws SQLException {
    ctx.requireObject(node, key);
    ctx.checkKeys(node, key, PRINCIPAL_KEYS);
    String org = ctx.requireText(node, key, "organization");
    if (!orgs.containsKey(org)) {
      throw CatalogLoader.error(ctx.at(key + ".organization") + "no organization named '" + org + "'; defined: "
          + orgs.keySet());
    }
    List<String> granted = texts(ctx, node, key, "roles", false);
    for (String r : granted) {
      if (!roles.containsKey(r)) {
        throw CatalogLoader.error(ctx.at(key + ".roles") + "no role named '" + r + "'; defined: " + roles.keySet());
      }
    }
    String hash = null;
    if (node.has("password_hash")) {
      hash = ctx.requireText(node, key, "password_hash");
      if (!hash.matches("pbkdf2-sha256:\\d{1,9}:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+")) {
        throw CatalogLoader.error(ctx.at(key + ".password_hash") + "expected pbkdf2-sha256:<iterations>:<salt>:"
            + "<hash> as printed by io.lakehouse.cli.HashPassword (never the password itself)");
      }
    }
    return new PrincipalEntry(name, org, List.copyOf(granted), hash);
  }

  /** Each table and storage profile belongs to at most one organisation, and scan roots do not cross tenants. */
  private static void checkOwnership(CatalogLoader.Context ctx, AccessConfig access, List<TableEntry> tables,
      Map<String, StorageProfile> storage) throws SQLException {
    Map<String, String> profileOwner = new LinkedHashMap<>();
    for (Organization o : access.organizations().values()) {
      for (String p : o.storage()) {
        String other = profileOwner.putIfAbsent(p, o.name());
        if (other != null) {
          throw CatalogLoader.error(ctx.at("organizations." + o.name() + ".storage") + "storage profile '" + p
              + "' already belongs to organization '" + other + "'");
        }
      }
    }
    for (TableEntry t : tables) {
      List<String> owners = access.organizations().values().stream().filter(o -> o.owns(t))
          .map(Organization::name).toList();
      if (owners.size() > 1) {
        throw CatalogLoader.error(ctx.at("organizations") + "table " + t.qualifiedName() + " matches the tables of "
            + "several organizations " + owners + "; a table belongs to one");
      }
      String profileOrg = t.storage() == null ? null : profileOwner.get(t.storage());
      if (profileOrg != null && (owners.isEmpty() || !owners.get(0).equals(profileOrg))) {
        throw CatalogLoader.error(ctx.at("tables." + (t.schema().equals(CatalogConfig.DEFAULT_SCHEMA) ? t.name()
            : t.qualifiedName()) + ".storage") + "storage profile '" + t.storage() + "' belongs to organization '"
            + profileOrg + "', not to the table's " + (owners.isEmpty() ? "(none)" : "'" + owners.get(0) + "'"));
      }
      for (Organization o : access.organizations().values()) {
        if (owners.contains(o.name())) {
          continue;
        }
        for (String root : o.scanRoots()) {
          if (Locations.isInside(t.root(), root) || Locations.isInside(root, t.root())) {
            throw CatalogLoader.error(ctx.at("organizations." + o.name() + ".scan_roots") + root + " overlaps table "
                + t.qualifiedName() + (owners.isEmpty() ? ", which belongs to no organization"
                : " of organization '" + owners.get(0) + "'"));
          }
        }
      }
    }
  }

  private static List<String> texts(CatalogLoader.Context ctx, JsonNode node, String key, String field,
      boolean required) throws SQLException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw CatalogLoader.error(ctx.at(key + "." + field) + "missing");
      }
      return List.of();
    }
    if (!v.isArray()) {
      throw CatalogLoader.error(ctx.at(key + "." + field) + "expected a list");
    }
    List<String> out = new ArrayList<>();
    Iterator<JsonNode> it = v.elements();
    int i = 0;
    while (it.hasNext()) {
      JsonNode n = it.next();
      if (!n.isTextual() || n.asText().isBlank()) {
        throw CatalogLoader.error(ctx.at(key + "." + field + "[" + i + "]") + "expected a non-empty string");
      }
      out.add(n.asText());
      i++;
    }
    return out;
  }
}
