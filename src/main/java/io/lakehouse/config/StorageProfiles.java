package io.lakehouse.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses and checks the {@code storage:} profiles of a catalog file into {@link S3Profile} / {@link AzureProfile}
 * (their {@code credentials:} sections: {@link StorageCredentials}).
 */
final class StorageProfiles {
  private static final Set<String> PROFILE_KEYS = Set.of("type", "region", "endpoint", "path_style", "allow_http",
      "trust_store", "trust_store_password", "credentials", "prefixes", "account");
  private static final Set<String> TYPES = Set.of("s3", "gcs", "azure");

  private StorageProfiles() {}

  static StorageProfile parse(String file, String key, String name, JsonNode node, Secrets secrets)
      throws SQLException {
    CatalogLoader.Context ctx = new CatalogLoader.Context(file);
    ctx.requireObject(node, key);
    ctx.checkKeys(node, key, PROFILE_KEYS);
    String type = ctx.requireText(node, key, "type").toLowerCase(Locale.ROOT);
    if (!TYPES.contains(type)) {
      throw CatalogLoader.error(ctx.at(key + ".type") + "expected s3, gcs or azure, got '" + type + "'");
    }
    String account = text(node, "account");
    if (type.equals("azure") && account == null) {
      throw CatalogLoader.error(ctx.at(key + ".account") + "missing: an azure profile names its storage account");
    }
    boolean allowHttp = bool(ctx, node, key, "allow_http");
    String endpoint = text(node, "endpoint");
    if (endpoint == null && type.equals("gcs")) {
      endpoint = S3Profile.GCS_ENDPOINT;
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
    if (region == null && type.equals("gcs")) {
      region = S3Profile.GCS_REGION;
    }
    List<String> prefixes = prefixes(ctx, node, key);
    CatalogSection creds = credentialsSection(ctx, key, node, secrets);
    if (type.equals("azure")) {
      if (creds == null) {
        throw CatalogLoader.error(ctx.at(key + ".credentials") + "missing: an azure profile needs credentials "
            + "(type: account-key, sas, client-secret, client-certificate, managed-identity, workload-identity or "
            + "default-chain)");
      }
      AzureAuth credentials = StorageCredentials.azure(creds);
      bool(ctx, node, key, "path_style");
      return new AzureProfile(name, account, endpoint, trustStore(ctx, node, key, secrets), credentials, prefixes);
    }
    S3Auth credentials;
    if (creds != null) {
      credentials = type.equals("gcs") ? StorageCredentials.gcs(creds) : StorageCredentials.s3(creds);
    } else if (type.equals("s3")) {
      credentials = new S3Auth.DefaultChain();
    } else {
      throw CatalogLoader.error(ctx.at(key + ".credentials") + "missing: a gcs profile needs HMAC keys "
          + "(type: hmac, access_key_id, secret)");
    }
    return new S3Profile(name, type.equals("gcs"), region, endpoint, bool(ctx, node, key, "path_style"),
        trustStore(ctx, node, key, secrets), credentials, prefixes);
  }

  private static List<String> prefixes(CatalogLoader.Context ctx, JsonNode node, String key) throws SQLException {
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
    return List.copyOf(prefixes);
  }

  private static CatalogSection credentialsSection(CatalogLoader.Context ctx, String key, JsonNode node,
      Secrets secrets) {
    JsonNode creds = node.get("credentials");
    return creds == null ? null : new CatalogSection(ctx, key + ".credentials", creds, secrets);
  }

  /** {@code trust_store} with its password (a secret), or null. */
  private static TrustStore trustStore(CatalogLoader.Context ctx, JsonNode node, String key, Secrets secrets)
      throws SQLException {
    String file = text(node, "trust_store");
    String password = text(node, "trust_store_password");
    Secret resolved = password == null ? null
        : new Secret(secrets.resolve(password, ctx.at(key + ".trust_store_password")));
    return file == null ? null : new TrustStore(Path.of(file), resolved);
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
