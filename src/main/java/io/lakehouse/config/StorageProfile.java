package io.lakehouse.config;

import java.util.List;

/**
 * How to reach one object store: its endpoint, TLS trust and credentials, parsed once from the catalog's
 * {@code storage:} section ({@link StorageProfiles}). Chosen by a table's {@code storage:} key or by the longest
 * matching location prefix. One record per store API: {@link S3Profile} (S3, S3-compatible stores and GCS through its
 * S3-interoperable API) and {@link AzureProfile}.
 */
public sealed interface StorageProfile permits S3Profile, AzureProfile {
  /** The profile's key in the catalog. */
  String name();

  /** {@code s3}, {@code gcs} or {@code azure}, as the catalog spells it. */
  String type();

  /** A custom endpoint (MinIO, VPC endpoint, private link), or null for the service default. */
  String endpoint();

  /** An extra trust store for TLS, or null. */
  TrustStore trustStore();

  /** The kind of its credentials ({@code static}, {@code sas}, ...). */
  String credentialKind();

  /**
   * Location prefixes this profile serves ({@code s3://bucket/path}); the router also sends it the locations of
   * the tables that name it.
   */
  List<String> prefixes();

  /** A profile's description without secrets, for {@code toString}. */
  static String describe(StorageProfile p) {
    return "StorageProfile[" + p.name() + ", " + p.type() + (p.endpoint() == null ? "" : ", " + p.endpoint())
        + ", credentials=" + p.credentialKind() + "]";
  }
}
