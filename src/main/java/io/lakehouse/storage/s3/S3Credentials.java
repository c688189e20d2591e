package io.lakehouse.storage.s3;

import io.lakehouse.config.StorageProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleWithWebIdentityCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;

/**
 * The AWS SDK credential providers for a profile's {@code credentials:} section. Temporary credentials (assumed
 * roles, web identity) are refreshed by the SDK's providers before they expire, in the background, so queries in
 * flight keep working.
 */
final class S3Credentials {
  private S3Credentials() {}

  static AwsCredentialsProvider provider(Map<String, Object> c, StorageProfile profile) {
    String type = (String) c.get("type");
    return switch (type) {
      case "static", "hmac" -> {
        String key = (String) c.get("access_key_id");
        String secret = (String) c.getOrDefault("secret_access_key", c.get("secret"));
        String token = (String) c.get("session_token");
        yield StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(key, secret)
            : AwsSessionCredentials.create(key, secret, token));
      }
      case "default-chain" -> DefaultCredentialsProvider.builder().build();
      case "profile" -> {
        ProfileCredentialsProvider.Builder b = ProfileCredentialsProvider.builder();
        if (c.get("name") != null) {
          b.profileName((String) c.get("name"));
        }
        if (c.get("file") != null) {
          b.profileFile(ProfileFile.builder().content(Path.of((String) c.get("file")))
              .type(ProfileFile.Type.CREDENTIALS).build());
        }
        yield b.build();
      }
      case "assume-role" -> {
        Object source = c.get("source");
        AwsCredentialsProvider sourceProvider = source instanceof Map<?, ?> m
            ? provider(castMap(m), profile) : DefaultCredentialsProvider.builder().build();
        AssumeRoleRequest.Builder request = AssumeRoleRequest.builder()
            .roleArn((String) c.get("role_arn"))
            .roleSessionName((String) c.getOrDefault("session_name", "lakehouse-jdbc"));
        if (c.get("external_id") != null) {
          request.externalId((String) c.get("external_id"));
        }
        if (c.get("duration_seconds") != null) {
          request.durationSeconds(Integer.parseInt((String) c.get("duration_seconds")));
        }
        yield StsAssumeRoleCredentialsProvider.builder()
            .stsClient(sts(c, profile, sourceProvider))
            .refreshRequest(request.build())
            .asyncCredentialUpdateEnabled(true)
            .build();
      }
      case "web-identity" -> {
        Path tokenFile = Path.of((String) c.get("token_file"));
        String role = (String) c.get("role_arn");
        String session = (String) c.getOrDefault("session_name", "lakehouse-jdbc");
        // The token file is re-read on every refresh: Kubernetes rotates it.
        yield StsAssumeRoleWithWebIdentityCredentialsProvider.builder()
            .stsClient(sts(c, profile, software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider
                .create()))
            .refreshRequest(() -> AssumeRoleWithWebIdentityRequest.builder().roleArn(role)
                .roleSessionName(session).webIdentityToken(read(tokenFile)).build())
            .asyncCredentialUpdateEnabled(true)
            .build();
      }
      default -> throw new IllegalArgumentException("unknown S3 credentials type " + type);
    };
  }

  private static StsClient sts(Map<String, Object> c, StorageProfile profile, AwsCredentialsProvider source) {
    StsClientBuilder b = StsClient.builder().credentialsProvider(source)
        .httpClient(S3ObjectStore.httpClient(profile));
    String region = (String) c.getOrDefault("sts_region", profile.region());
    b.region(region == null ? Region.US_EAST_1 : Region.of(region));
    if (c.get("sts_endpoint") != null) {
      b.endpointOverride(URI.create((String) c.get("sts_endpoint")));
    }
    return b.build();
  }

  private static String read(Path tokenFile) {
    try {
      return Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the web identity token file " + tokenFile, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
