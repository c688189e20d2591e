package io.lakehouse.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakehouse.LakehouseSqlException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Parses and checks the {@code storage:} profiles of a catalog file. */
final class StorageProfiles {
  private static final Set<String> PROFILE_KEYS = Set.of("type", "region", "endpoint", "path_style", "allow_http",
      "trust_store", "trust_store_password", "credentials", "prefixes", "account");
  /** Credential kinds per store type, and for each kind its keys (secrets marked with *). */
  private static final Map<String, Map<String, List<String>>> CREDENTIALS = Map.of(
      "s3", Map.of(
          "static", List.of("access_key_id", "*secret_access_key", "*session_token"),
          "default-chain", List.of(),
          "profile", List.of("name", "file"),
          "assume-role", List.of("role_arn", "*external_id", "session_name", "duration_seconds", "source",
              "sts_endpoint", "sts_region"),
          "web-identity", List.of("role_arn", "token_file", "session_name", "duration_seconds", "sts_endpoint",
              "sts_region")),
      "gcs", Map.of("hmac", List.of("access_key_id", "*secret")),
      "azure", Map.of(
          "account-key", List.of("*key"),
          "sas", List.of("*token"),
          "client-secret", List.of("tenant_id", "client_id", "*client_secret", "authority_host",
              "instance_discovery"),
          "client-certificate", List.of("tenant_id", "client_id", "certificate_path", "*certificate_password",
              "authority_host", "instance_discovery"),
          "managed-identity", List.of("client_id"),
          "workload-identity", List.of("tenant_id", "client_id", "token_file", "authority_host",
              "instance_discovery"),
          "default-chain", List.of()));
  private static final Set<String> REQUIRED = Set.of("access_key_id", "secret_access_key", "secret", "key", "token",
      "role_arn", "tenant_id", "client_id", "client_secret", "certificate_path", "name");

  private StorageProfiles() {}

  static StorageProfile parse(String file, String key, String name, JsonNode node, Secrets secrets)
      throws SQLException {
    CatalogLoader.Context ctx = new CatalogLoader.Context(file);
    ctx.requireObject(node, key);
    ctx.checkKeys(node, key, PROFILE_KEYS);
    String type = ctx.requireText(node, key, "type").toLowerCase(Locale.ROOT);
    if (!CREDENTIALS.containsKey(type)) {
      throw CatalogLoader.error(ctx.at(key + ".type") + "expected s3, gcs or azure, got '" + type + "'");
    }
    String account = text(node, "account");
    if (type.equals("azure") && account == null) {
      throw CatalogLoader.error(ctx.at(key + ".account") + "missing: an azure profile names its storage account");
    }
    boolean allowHttp = bool(ctx, node, key, "allow_http");
    String endpoint = text(node, "endpoint");
    if (endpoint == null && type.equals("gcs")) {
      endpoint = "https://storage.googleapis.com";
    }
    if (endpoint != null) {
      if (!endpoint.startsWith("https://") && !endpoint.startsWith("http://")) {
        throw CatalogLoader.error(ctx.at(key + ".endpoint") + "expected an https:// URL");
      }
      if (endpoint.startsWith("http://") && !allowHttp) {
        throw CatalogLoader.error(ctx.at(key + ".endpoint") + "plain http is refused unless the profile says "
            + "allow_http: true");
      }
    }
    String region = text(node, "region");
    if (region == null) {
      region = type.equals("gcs") ? "auto" : null;
    }
    List<String> prefixes = new ArrayList<>();
    JsonNode p = node.get("prefixes");
    if (p != null) {
      if (!p.isArray()) {
        throw CatalogLoader.error(ctx.at(key + ".prefixes") + "expected a list of locations such as s3://bucket/");
      }
      for (JsonNode prefix : p) {
        prefixes.add(Locations.trimSlash(prefix.asText()));
      }
    }
    JsonNode creds = node.get("credentials");
    Map<String, Object> credentials = creds == null
        ? Map.of("type", type.equals("s3") ? "default-chain" : "missing")
        : credentials(ctx, key + ".credentials", creds, type, secrets);
    if ("missing".equals(credentials.get("type"))) {
      throw CatalogLoader.error(ctx.at(key + ".credentials") + "missing: a gcs profile needs HMAC keys "
          + "(type: hmac, access_key_id, secret)");
    }
    return new StorageProfile(name, type, account, region, endpoint, bool(ctx, node, key, "path_style"), allowHttp,
        text(node, "trust_store"), node.has("trust_store_password")
            ? secrets.resolve(text(node, "trust_store_password"), ctx.at(key + ".trust_store_password")) : null,
        credentials, List.copyOf(prefixes));
  }

  private static Map<String, Object> credentials(CatalogLoader.Context ctx, String key, JsonNode node, String type,
      Secrets secrets) throws SQLException {
    ctx.requireObject(node, key);
    String kind = ctx.requireText(node, key, "type").toLowerCase(Locale.ROOT);
    Map<String, List<String>> kinds = CREDENTIALS.get(type);
    List<String> fields = kinds.get(kind);
    if (fields == null) {
      throw CatalogLoader.error(ctx.at(key + ".type") + "expected one of " + kinds.keySet().stream().sorted()
          .toList() + " for " + type + ", got '" + kind + "'");
    }
    Set<String> allowed = new java.util.HashSet<>(Set.of("type"));
    fields.forEach(f -> allowed.add(f.replace("*", "")));
    ctx.checkKeys(node, key, allowed);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", kind);
    for (String f : fields) {
      boolean secret = f.startsWith("*");
      String name = f.replace("*", "");
      JsonNode v = node.get(name);
      if (v == null || v.isNull()) {
        // Optional there: a named profile defaults to "default", managed identity to the system-assigned one,
        // workload identity reads tenant and client from AZURE_TENANT_ID / AZURE_CLIENT_ID.
        boolean optionalHere = (kind.equals("profile") && name.equals("name"))
            || (kind.equals("managed-identity") && name.equals("client_id"))
            || (kind.equals("workload-identity") && (name.equals("client_id") || name.equals("tenant_id")));
        if (REQUIRED.contains(name) && !optionalHere) {
          throw CatalogLoader.error(ctx.at(key + "." + name) + "missing");
        }
        continue;
      }
      if (name.equals("source") && v.isObject()) {
        out.put(name, credentials(ctx, key + ".source", v, type, secrets));
      } else if (secret) {
        out.put(name, secrets.resolve(v.asText(), ctx.at(key + "." + name)));
      } else {
        // Non-secret values may be references too (e.g. role_arn: ${env:ROLE}).
        out.put(name, v.asText().startsWith("${") ? secrets.resolve(v.asText(), ctx.at(key + "." + name))
            : v.asText());
      }
    }
    return Map.copyOf(out);
  }

  /** Checks that a remote table location has a store: a named profile of the right type, a prefix, or s3. */
  static void checkServes(String where, String location, StorageProfile named, Map<String, StorageProfile> all)
      throws SQLException {
    String scheme = Locations.scheme(location);
    String needed = switch (scheme) {
      case "s3", "s3a" -> "s3";
      case "gs" -> "gcs";
      default -> "azure";
    };
    if (named != null) {
      if (!named.type().equals(needed)) {
        throw CatalogLoader.error(where + scheme + ":// needs a " + needed + " profile, but '" + named.name()
            + "' is " + named.type());
      }
      return;
    }
    for (StorageProfile p : all.values()) {
      if (p.type().equals(needed) && p.prefixes().stream().anyMatch(prefix -> location.startsWith(prefix))) {
        return;
      }
    }
    if (!needed.equals("s3")) {
      throw CatalogLoader.error(where + location + " needs a " + needed + " storage profile (by the table's "
          + "storage: key or a matching prefix)");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static boolean bool(CatalogLoader.Context ctx, JsonNode node, String key, String field)
      throws SQLException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw CatalogLoader.error(ctx.at(key + "." + field) + "expected true or false");
    }
    return v.asBoolean();
  }
}
