package io.lakehouse.config;

import java.util.List;

/**
 * An {@code s3} profile (AWS S3 and S3-compatible stores) or a {@code gcs} one (GCS's S3-interoperable XML API with
 * HMAC keys; its endpoint and region have defaults).
 *
 * @param gcs whether this is a gcs profile
 * @param region AWS region, or null for {@code AWS_REGION} / us-east-1
 * @param pathStyle path-style addressing ({@code endpoint/bucket/key})
 */
public record S3Profile(String name, boolean gcs, String region, String endpoint, boolean pathStyle,
    TrustStore trustStore, S3Auth credentials, List<String> prefixes) implements StorageProfile {
  public static final String GCS_ENDPOINT = "https://storage.googleapis.com";
  public static final String GCS_REGION = "auto";

  /** A profile for S3 locations no profile serves: the AWS default credential chain. */
  public static S3Profile defaultChain(String name) {
    return new S3Profile(name, false, null, null, false, null, new S3Auth.DefaultChain(), List.of());
  }

  @Override
  public String type() {
    return gcs ? "gcs" : "s3";
  }

  @Override
  public String credentialKind() {
    return credentials.kind();
  }

  /** Never prints credentials. */
  @Override
  public String toString() {
    return StorageProfile.describe(this);
  }
}
