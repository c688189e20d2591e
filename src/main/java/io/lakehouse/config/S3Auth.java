package io.lakehouse.config;

import java.nio.file.Path;

/**
 * The {@code credentials:} section of an {@code s3} or {@code gcs} storage profile, checked and with its secrets
 * resolved when the catalog is loaded. {@code storage.s3.S3Credentials} turns it into an AWS SDK provider.
 */
public sealed interface S3Auth {
  /** The session name of assumed roles when the profile names none. */
  String DEFAULT_SESSION_NAME = "lakehouse-jdbc";

  /** The kind as the catalog spells it ({@code static}, {@code assume-role}, ...). */
  String kind();

  /** Access keys (an IAM user's, or temporary ones with their session token). */
  record StaticKeys(String accessKeyId, Secret secretAccessKey, Secret sessionToken) implements S3Auth {
    @Override
    public String kind() {
      return "static";
    }
  }

  /** The AWS default chain: environment, profile files, container and instance roles. */
  record DefaultChain() implements S3Auth {
    @Override
    public String kind() {
      return "default-chain";
    }
  }

  /**
   * A profile of the AWS shared credentials file.
   *
   * @param name the profile, or null for the SDK's choice ({@code AWS_PROFILE}, else {@code default})
   * @param file the credentials file, or null for the SDK's default location
   */
  record NamedProfile(String name, Path file) implements S3Auth {
    @Override
    public String kind() {
      return "profile";
    }
  }

  /**
   * STS AssumeRole, refreshed before expiry.
   *
   * @param externalId or null
   * @param durationSeconds or null for STS's default
   * @param source the credentials that assume the role (the default chain unless the profile names others)
   */
  record AssumeRole(String roleArn, Secret externalId, String sessionName, Integer durationSeconds, S3Auth source,
      Sts sts) implements S3Auth {
    @Override
    public String kind() {
      return "assume-role";
    }
  }

  /**
   * STS AssumeRoleWithWebIdentity (IRSA, workload identity federation), refreshed before expiry.
   *
   * @param tokenFile re-read at every refresh: Kubernetes rotates it
   * @param durationSeconds or null for STS's default
   */
  record WebIdentity(String roleArn, Path tokenFile, String sessionName, Integer durationSeconds, Sts sts)
      implements S3Auth {
    @Override
    public String kind() {
      return "web-identity";
    }
  }

  /** A GCS HMAC key pair, used on GCS's S3-interoperable XML API. */
  record Hmac(String accessKeyId, Secret secret) implements S3Auth {
    @Override
    public String kind() {
      return "hmac";
    }
  }

  /**
   * Where STS is called.
   *
   * @param endpoint or null for the SDK's default for the region
   * @param region or null for the profile's region (us-east-1 without one)
   */
  record Sts(String endpoint, String region) {}
}
