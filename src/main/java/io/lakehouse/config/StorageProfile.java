package io.lakehouse.config;

import java.util.List;
import java.util.Map;

/**
 * How to reach one object store: its type, endpoint and credentials. Chosen by a table's {@code storage:} key or by
 * the longest matching location prefix.
 *
 * @param name the profile's key in the catalog
 * @param type {@code s3}, {@code gcs} or {@code azure}
 * @param account Azure storage account (azure), or null
 * @param region AWS region (s3), or null
 * @param endpoint custom endpoint (MinIO, VPC endpoint, private link), or null for the service default
 * @param pathStyle S3 path-style addressing
 * @param allowHttp whether a plain-http endpoint is accepted (never implied)
 * @param trustStore optional JKS/PKCS12 trust store for TLS, or null
 * @param trustStorePassword its password (a secret), or null
 * @param credentials the credentials section, secrets already resolved; {@code type} says which kind
 * @param prefixes location prefixes this profile serves ({@code s3://bucket/path/}); table locations that name the
 *     profile are added by the loader
 */
public record StorageProfile(String name, String type, String account, String region, String endpoint, boolean pathStyle,
    boolean allowHttp, String trustStore, String trustStorePassword, Map<String, Object> credentials, List<String> prefixes) {

  /** Never prints credentials. */
  @Override
  public String toString() {
    return "StorageProfile[" + name + ", " + type + (endpoint == null ? "" : ", " + endpoint) + ", credentials="
        + credentials.getOrDefault("type", "default") + "]";
  }
}
