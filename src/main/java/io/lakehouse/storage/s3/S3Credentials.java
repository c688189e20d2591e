package io.lakehouse.storage.s3;

import io.lakehouse.config.S3Auth;
import io.lakehouse.config.S3Profile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
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
 * The AWS SDK credential provider for a profile's parsed credentials ({@link S3Auth}). Temporary credentials
 * (assumed roles, web identity) are refreshed by the SDK's providers before they expire, in the background, so
 * queries in flight keep working.
 */
final class S3Credentials {
  private S3Credentials() {}

  static AwsCredentialsProvider provider(S3Auth auth, S3Profile profile) {
    if (auth instanceof S3Auth.StaticKeys k) {
      return StaticCredentialsProvider.create(k.sessionToken() == null
          ? AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey().value())
          : AwsSessionCredentials.create(k.accessKeyId(), k.secretAccessKey().value(), k.sessionToken().value()));
    }
    if (auth instanceof S3Auth.Hmac h) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(h.accessKeyId(), h.secret().value()));
    }
    if (auth instanceof S3Auth.DefaultChain) {
      return DefaultCredentialsProvider.builder().build();
    }
    if (auth instanceof S3Auth.NamedProfile p) {
      return namedProfile(p);
    }
    if (auth instanceof S3Auth.AssumeRole r) {
      return assumeRole(r, profile);
    }
    if (auth instanceof S3Auth.WebIdentity w) {
      return webIdentity(w, profile);
    }
    throw new IllegalArgumentException("unknown S3 credentials type " + auth.kind());
  }

  private static AwsCredentialsProvider namedProfile(S3Auth.NamedProfile p) {
    ProfileCredentialsProvider.Builder b = ProfileCredentialsProvider.builder();
    if (p.name() != null) {
      b.profileName(p.name());
    }
    if (p.file() != null) {
      b.profileFile(ProfileFile.builder().content(p.file()).type(ProfileFile.Type.CREDENTIALS).build());
    }
    return b.build();
  }

  private static AwsCredentialsProvider assumeRole(S3Auth.AssumeRole r, S3Profile profile) {
    AssumeRoleRequest.Builder request = AssumeRoleRequest.builder().roleArn(r.roleArn())
        .roleSessionName(r.sessionName());
    if (r.externalId() != null) {
      request.externalId(r.externalId().value());
    }
    if (r.durationSeconds() != null) {
      request.durationSeconds(r.durationSeconds());
    }
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts(r.sts(), profile, provider(r.source(), profile)))
        .refreshRequest(request.build())
        .asyncCredentialUpdateEnabled(true)
        .build();
  }

  private static AwsCredentialsProvider webIdentity(S3Auth.WebIdentity w, S3Profile profile) {
    // The token file is re-read on every refresh: Kubernetes rotates it.
    return StsAssumeRoleWithWebIdentityCredentialsProvider.builder()
        .stsClient(sts(w.sts(), profile, AnonymousCredentialsProvider.create()))
        .refreshRequest(() -> AssumeRoleWithWebIdentityRequest.builder().roleArn(w.roleArn())
            .roleSessionName(w.sessionName()).durationSeconds(w.durationSeconds())
            .webIdentityToken(read(w.tokenFile())).build())
        .asyncCredentialUpdateEnabled(true)
        .build();
  }

  private static StsClient sts(S3Auth.Sts sts, S3Profile profile, AwsCredentialsProvider source) {
    StsClientBuilder b = StsClient.builder().credentialsProvider(source)
        .httpClient(S3ObjectStore.httpClient(profile));
    String region = sts.region() != null ? sts.region() : profile.region();
    b.region(region == null ? Region.US_EAST_1 : Region.of(region));
    if (sts.endpoint() != null) {
      b.endpointOverride(URI.create(sts.endpoint()));
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
}
