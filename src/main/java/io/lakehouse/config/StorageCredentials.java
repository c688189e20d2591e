package io.lakehouse.config;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses the {@code credentials:} section of a storage profile into {@link S3Auth} / {@link AzureAuth}, once, when
 * the catalog is loaded: the kind must fit the store, unknown keys and missing required ones are reported with their
 * key path, secrets are resolved (and registered for redaction). Fields are read in the order of each kind's keys,
 * so the first problem reported is the first in that order.
 */
final class StorageCredentials {
  /** One kind: its keys besides {@code type}, and how they become a record. */
  private record Kind<T>(List<String> keys, Reader<T> reader) {}

  @FunctionalInterface
  private interface Reader<T> {
    T read(CatalogSection s) throws SQLException;
  }

  private static final Map<String, Kind<S3Auth>> S3 = Map.of(
      "static", new Kind<>(List.of("access_key_id", "secret_access_key", "session_token"),
          s -> new S3Auth.StaticKeys(s.text("access_key_id"), s.secret("secret_access_key"),
              s.optionalSecret("session_token"))),
      "default-chain", new Kind<>(List.of(), s -> new S3Auth.DefaultChain()),
      "profile", new Kind<>(List.of("name", "file"),
          s -> new S3Auth.NamedProfile(s.optionalText("name"), s.optionalPath("file"))),
      "assume-role", new Kind<>(List.of("role_arn", "external_id", "session_name", "duration_seconds", "source",
          "sts_endpoint", "sts_region"),
          s -> new S3Auth.AssumeRole(s.text("role_arn"), s.optionalSecret("external_id"), sessionName(s),
              s.optionalSeconds("duration_seconds"), source(s), sts(s))),
      "web-identity", new Kind<>(List.of("role_arn", "token_file", "session_name", "duration_seconds",
          "sts_endpoint", "sts_region"),
          s -> new S3Auth.WebIdentity(s.text("role_arn"), s.path("token_file"), sessionName(s),
              s.optionalSeconds("duration_seconds"), sts(s))));

  private static final Map<String, Kind<S3Auth>> GCS = Map.of(
      "hmac", new Kind<>(List.of("access_key_id", "secret"),
          s -> new S3Auth.Hmac(s.text("access_key_id"), s.secret("secret"))));

  private static final Map<String, Kind<AzureAuth>> AZURE = Map.of(
      "account-key", new Kind<>(List.of("key"), s -> new AzureAuth.AccountKey(s.secret("key"))),
      "sas", new Kind<>(List.of("token"), s -> new AzureAuth.Sas(s.secret("token"))),
      "client-secret", new Kind<>(List.of("tenant_id", "client_id", "client_secret", "authority_host",
          "instance_discovery"),
          s -> new AzureAuth.ClientSecret(s.text("tenant_id"), s.text("client_id"), s.secret("client_secret"),
              authority(s))),
      "client-certificate", new Kind<>(List.of("tenant_id", "client_id", "certificate_path",
          "certificate_password", "authority_host", "instance_discovery"),
          s -> new AzureAuth.ClientCertificate(s.text("tenant_id"), s.text("client_id"),
              s.path("certificate_path"), s.optionalSecret("certificate_password"), authority(s))),
      "managed-identity", new Kind<>(List.of("client_id"),
          s -> new AzureAuth.ManagedIdentity(s.optionalText("client_id"))),
      // Tenant, client and token file default to AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE.
      "workload-identity", new Kind<>(List.of("tenant_id", "client_id", "token_file", "authority_host",
          "instance_discovery"),
          s -> new AzureAuth.WorkloadIdentity(s.optionalText("tenant_id"), s.optionalText("client_id"),
              s.optionalPath("token_file"), authority(s))),
      "default-chain", new Kind<>(List.of(), s -> new AzureAuth.DefaultChain()));

  private StorageCredentials() {}

  /** The credentials of an s3 profile. */
  static S3Auth s3(CatalogSection s) throws SQLException {
    return read(s, "s3", S3);
  }

  /** The credentials of a gcs profile (HMAC keys). */
  static S3Auth gcs(CatalogSection s) throws SQLException {
    return read(s, "gcs", GCS);
  }

  /** The credentials of an azure profile. */
  static AzureAuth azure(CatalogSection s) throws SQLException {
    return read(s, "azure", AZURE);
  }

  private static <T> T read(CatalogSection s, String storeType, Map<String, Kind<T>> kinds) throws SQLException {
    CatalogLoader.Context ctx = s.ctx();
    ctx.requireObject(s.node(), s.key());
    String name = ctx.requireText(s.node(), s.key(), "type").toLowerCase(Locale.ROOT);
    Kind<T> kind = kinds.get(name);
    if (kind == null) {
      throw CatalogLoader.error(ctx.at(s.key() + ".type") + "expected one of " + kinds.keySet().stream().sorted()
          .toList() + " for " + storeType + ", got '" + name + "'");
    }
    Set<String> allowed = new HashSet<>(kind.keys());
    allowed.add("type");
    ctx.checkKeys(s.node(), s.key(), allowed);
    return kind.reader().read(s);
  }

  private static String sessionName(CatalogSection s) throws SQLException {
    String name = s.optionalText("session_name");
    return name == null ? S3Auth.DEFAULT_SESSION_NAME : name;
  }

  /** The credentials that assume a role: a nested s3 credentials section, the default chain without one. */
  private static S3Auth source(CatalogSection s) throws SQLException {
    CatalogSection source = s.optionalSection("source");
    return source == null ? new S3Auth.DefaultChain() : s3(source);
  }

  private static S3Auth.Sts sts(CatalogSection s) throws SQLException {
    return new S3Auth.Sts(s.optionalText("sts_endpoint"), s.optionalText("sts_region"));
  }

  private static AzureAuth.Authority authority(CatalogSection s) throws SQLException {
    return new AzureAuth.Authority(s.optionalText("authority_host"), s.optionalBoolean("instance_discovery", true));
  }
}
