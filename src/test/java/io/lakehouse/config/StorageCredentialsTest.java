package io.lakehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lakehouse.Redaction;
import io.lakehouse.SqlState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Storage profiles and their credentials, parsed once into typed records: every kind of every store, the defaults,
 * secrets resolved and registered for redaction, and the message of each malformed input.
 */
class StorageCredentialsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String FILE = "c.yaml";
  private static final Secrets SECRETS = Secrets.of(Map.of("SECRET_FROM_ENV", "env-secret-value-1",
      "ROLE_FROM_ENV", "arn:aws:iam::1:role/from-env"));

  @TempDir
  static Path dir;

  private static StorageProfile parse(String yaml) throws Exception {
    JsonNode node = YAML.readTree(yaml);
    return StorageProfiles.parse(FILE, "storage.p", "p", node, SECRETS);
  }

  private static S3Auth s3(String credentials) throws Exception {
    return ((S3Profile) parse("{ type: s3, credentials: " + credentials + " }")).credentials();
  }

  private static AzureAuth azure(String credentials) throws Exception {
    return ((AzureProfile) parse("{ type: azure, account: acct, credentials: " + credentials + " }"))
        .credentials();
  }

  @Test
  void s3StaticKeys() throws Exception {
    S3Auth.StaticKeys k = assertInstanceOf(S3Auth.StaticKeys.class,
        s3("{ type: static, access_key_id: AKIA1, secret_access_key: '${env:SECRET_FROM_ENV}', "
            + "session_token: tok-1 }"));
    assertEquals("AKIA1", k.accessKeyId());
    assertEquals("env-secret-value-1", k.secretAccessKey().value());
    assertEquals("tok-1", k.sessionToken().value());
    assertEquals("static", k.kind());
    assertFalse(k.toString().contains("env-secret-value-1"), k.toString());
    assertEquals("****", Redaction.redact("env-secret-value-1"));
    assertNull(((S3Auth.StaticKeys) s3("{ type: static, access_key_id: a, secret_access_key: b }")).sessionToken());
  }

  @Test
  void s3DefaultChainExplicitAndImplied() throws Exception {
    assertInstanceOf(S3Auth.DefaultChain.class, s3("{ type: DEFAULT-CHAIN }"));
    assertInstanceOf(S3Auth.DefaultChain.class, ((S3Profile) parse("{ type: s3 }")).credentials());
  }

  @Test
  void s3NamedProfile() throws Exception {
    S3Auth.NamedProfile p = assertInstanceOf(S3Auth.NamedProfile.class,
        s3("{ type: profile, name: reader, file: /etc/aws/credentials }"));
    assertEquals("reader", p.name());
    assertEquals(Path.of("/etc/aws/credentials"), p.file());
    assertEquals(new S3Auth.NamedProfile(null, null), s3("{ type: profile }"));
  }

  @Test
  void s3AssumeRole() throws Exception {
    S3Auth.AssumeRole r = assertInstanceOf(S3Auth.AssumeRole.class, s3("{ type: assume-role, "
        + "role_arn: '${env:ROLE_FROM_ENV}', external_id: ext-1234, session_name: me, duration_seconds: 900, "
        + "source: { type: static, access_key_id: a, secret_access_key: b }, sts_endpoint: 'https://sts.example', "
        + "sts_region: eu-west-1 }"));
    assertEquals("arn:aws:iam::1:role/from-env", r.roleArn());
    assertEquals("ext-1234", r.externalId().value());
    assertEquals("me", r.sessionName());
    assertEquals(900, r.durationSeconds());
    assertInstanceOf(S3Auth.StaticKeys.class, r.source());
    assertEquals(new S3Auth.Sts("https://sts.example", "eu-west-1"), r.sts());

    S3Auth.AssumeRole defaults = assertInstanceOf(S3Auth.AssumeRole.class,
        s3("{ type: assume-role, role_arn: 'arn:aws:iam::1:role/r' }"));
    assertNull(defaults.externalId());
    assertEquals(S3Auth.DEFAULT_SESSION_NAME, defaults.sessionName());
    assertNull(defaults.durationSeconds());
    assertInstanceOf(S3Auth.DefaultChain.class, defaults.source());
    assertEquals(new S3Auth.Sts(null, null), defaults.sts());

    // A role assumed with an assumed role.
    S3Auth.AssumeRole chained = (S3Auth.AssumeRole) s3("{ type: assume-role, role_arn: outer, "
        + "source: { type: assume-role, role_arn: inner, source: { type: profile, name: base } } }");
    S3Auth.AssumeRole inner = assertInstanceOf(S3Auth.AssumeRole.class, chained.source());
    assertEquals("inner", inner.roleArn());
    assertEquals(new S3Auth.NamedProfile("base", null), inner.source());
  }

  @Test
  void s3WebIdentity() throws Exception {
    S3Auth.WebIdentity w = assertInstanceOf(S3Auth.WebIdentity.class, s3("{ type: web-identity, role_arn: r, "
        + "token_file: /var/run/secrets/token, duration_seconds: '3600', sts_endpoint: 'https://sts.local' }"));
    assertEquals("r", w.roleArn());
    assertEquals(Path.of("/var/run/secrets/token"), w.tokenFile());
    assertEquals(S3Auth.DEFAULT_SESSION_NAME, w.sessionName());
    assertEquals(3600, w.durationSeconds());
    assertEquals(new S3Auth.Sts("https://sts.local", null), w.sts());
  }

  @Test
  void s3EndpointRegionPathStyleAndTrustStore() throws Exception {
    Path password = dir.resolve("ts-password");
    Files.writeString(password, "trust-store-password-1\n");
    S3Profile p = (S3Profile) parse("{ type: S3, region: eu-central-1, endpoint: 'http://127.0.0.1:9000', "
        + "allow_http: true, path_style: true, trust_store: /etc/ca.p12, trust_store_password: '${file:" + password
        + "}', prefixes: ['s3://bucket/a/', 's3://other'] }");
    assertEquals("p", p.name());
    assertEquals("s3", p.type());
    assertFalse(p.gcs());
    assertEquals("eu-central-1", p.region());
    assertEquals("http://127.0.0.1:9000", p.endpoint());
    assertTrue(p.pathStyle());
    assertEquals(Path.of("/etc/ca.p12"), p.trustStore().file());
    assertEquals("trust-store-password-1", p.trustStore().password().value());
    assertEquals(List.of("s3://bucket/a", "s3://other"), p.prefixes());
    assertEquals("StorageProfile[p, s3, http://127.0.0.1:9000, credentials=default-chain]", p.toString());
    assertEquals("****", Redaction.redact("trust-store-password-1"));

    S3Profile bare = (S3Profile) parse("{ type: s3 }");
    assertNull(bare.region());
    assertNull(bare.endpoint());
    assertFalse(bare.pathStyle());
    assertNull(bare.trustStore());
    assertEquals(List.of(), bare.prefixes());
  }

  @Test
  void gcsHmacOnTheS3Api() throws Exception {
    S3Profile p = (S3Profile) parse("{ type: gcs, credentials: { type: hmac, access_key_id: GOOG1, "
        + "secret: gcs-secret-value-1 } }");
    assertTrue(p.gcs());
    assertEquals("gcs", p.type());
    assertEquals(S3Profile.GCS_ENDPOINT, p.endpoint());
    assertEquals(S3Profile.GCS_REGION, p.region());
    S3Auth.Hmac h = assertInstanceOf(S3Auth.Hmac.class, p.credentials());
    assertEquals("GOOG1", h.accessKeyId());
    assertEquals("gcs-secret-value-1", h.secret().value());
    assertFalse(p.toString().contains("gcs-secret-value-1"));
    assertEquals("****", Redaction.redact("gcs-secret-value-1"));
  }

  @Test
  void azureKeysAndTokens() throws Exception {
    AzureProfile p = (AzureProfile) parse("{ type: azure, account: lake, endpoint: 'https://lake.privatelink', "
        + "credentials: { type: account-key, key: account-key-value-1 } }");
    assertEquals("lake", p.account());
    assertEquals("https://lake.privatelink", p.endpoint());
    assertEquals("account-key-value-1", ((AzureAuth.AccountKey) p.credentials()).key().value());
    assertEquals("StorageProfile[p, azure, https://lake.privatelink, credentials=account-key]", p.toString());
    assertEquals("sv=1&sig=2", assertInstanceOf(AzureAuth.Sas.class, azure("{ type: sas, token: 'sv=1&sig=2' }"))
        .token().value());
  }

  @Test
  void azureClientSecretAndAuthority() throws Exception {
    AzureAuth.ClientSecret c = assertInstanceOf(AzureAuth.ClientSecret.class, azure("{ type: client-secret, "
        + "tenant_id: t, client_id: c, client_secret: client-secret-value-1 }"));
    assertEquals("t", c.tenantId());
    assertEquals("c", c.clientId());
    assertEquals("client-secret-value-1", c.clientSecret().value());
    assertEquals(AzureAuth.Authority.PUBLIC_CLOUD, c.authority());
    AzureAuth.ClientSecret privateAd = (AzureAuth.ClientSecret) azure("{ type: client-secret, tenant_id: t, "
        + "client_id: c, client_secret: s, authority_host: 'https://login.corp', instance_discovery: false }");
    assertEquals(new AzureAuth.Authority("https://login.corp", false), privateAd.authority());
    AzureAuth.ClientSecret quoted = (AzureAuth.ClientSecret) azure("{ type: client-secret, tenant_id: t, "
        + "client_id: c, client_secret: s, instance_discovery: 'false' }");
    assertFalse(quoted.authority().instanceDiscovery());
  }

  @Test
  void azureClientCertificate() throws Exception {
    AzureAuth.ClientCertificate pfx = assertInstanceOf(AzureAuth.ClientCertificate.class, azure("{ type: "
        + "client-certificate, tenant_id: t, client_id: c, certificate_path: /etc/app.pfx, "
        + "certificate_password: pfx-password-1 }"));
    assertEquals(Path.of("/etc/app.pfx"), pfx.certificate());
    assertTrue(pfx.pfx());
    assertEquals("pfx-password-1", pfx.certificatePassword().value());
    AzureAuth.ClientCertificate pem = (AzureAuth.ClientCertificate) azure("{ type: client-certificate, "
        + "tenant_id: t, client_id: c, certificate_path: /etc/app.pem }");
    assertFalse(pem.pfx());
    assertNull(pem.certificatePassword());
  }

  @Test
  void azureIdentities() throws Exception {
    assertEquals(new AzureAuth.ManagedIdentity(null), azure("{ type: managed-identity }"));
    assertEquals(new AzureAuth.ManagedIdentity("user-assigned"),
        azure("{ type: managed-identity, client_id: user-assigned }"));
    assertEquals(new AzureAuth.WorkloadIdentity(null, null, null, AzureAuth.Authority.PUBLIC_CLOUD),
        azure("{ type: workload-identity }"));
    assertEquals(new AzureAuth.WorkloadIdentity("t", "c", Path.of("/var/run/token"),
        new AzureAuth.Authority("https://login.local", true)), azure("{ type: workload-identity, tenant_id: t, "
        + "client_id: c, token_file: /var/run/token, authority_host: 'https://login.local' }"));
    assertInstanceOf(AzureAuth.DefaultChain.class, azure("{ type: default-chain }"));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        // The profile.
        Arguments.of("[s3]", "storage.p: expected a mapping of keys to values"),
        Arguments.of("{ type: s3, bucket: b }", "storage.p.bucket: unknown key; expected one of [account, "
            + "allow_http, credentials, endpoint, path_style, prefixes, region, trust_store, "
            + "trust_store_password, type]"),
        Arguments.of("{ region: x }", "storage.p.type: missing"),
        Arguments.of("{ type: hdfs }", "storage.p.type: expected s3, gcs or azure, got 'hdfs'"),
        Arguments.of("{ type: azure, credentials: { type: sas, token: t } }",
            "storage.p.account: missing: an azure profile names its storage account"),
        Arguments.of("{ type: s3, allow_http: 'yes' }", "storage.p.allow_http: expected true or false"),
        Arguments.of("{ type: s3, endpoint: 'minio:9000' }", "storage.p.endpoint: expected an https:// URL"),
        Arguments.of("{ type: s3, endpoint: 'http://minio:9000' }",
            "storage.p.endpoint: plain http is refused unless the profile says allow_http: true"),
        Arguments.of("{ type: s3, prefixes: 's3://b' }",
            "storage.p.prefixes: expected a list of locations such as s3://bucket/"),
        Arguments.of("{ type: s3, path_style: 1 }", "storage.p.path_style: expected true or false"),
        Arguments.of("{ type: gcs }",
            "storage.p.credentials: missing: a gcs profile needs HMAC keys (type: hmac, access_key_id, secret)"),
        Arguments.of("{ type: azure, account: a }", "storage.p.credentials: missing: an azure profile needs "
            + "credentials (type: account-key, sas, client-secret, client-certificate, managed-identity, "
            + "workload-identity or default-chain)"),
        // The credentials section.
        Arguments.of("{ type: s3, credentials: static }",
            "storage.p.credentials: expected a mapping of keys to values"),
        Arguments.of("{ type: s3, credentials: { access_key_id: a } }", "storage.p.credentials.type: missing"),
        Arguments.of("{ type: s3, credentials: { type: '' } }",
            "storage.p.credentials.type: expected a non-empty string"),
        Arguments.of("{ type: s3, credentials: { type: sas, token: t } }", "storage.p.credentials.type: expected "
            + "one of [assume-role, default-chain, profile, static, web-identity] for s3, got 'sas'"),
        Arguments.of("{ type: gcs, credentials: { type: static } }",
            "storage.p.credentials.type: expected one of [hmac] for gcs, got 'static'"),
        Arguments.of("{ type: azure, account: a, credentials: { type: hmac } }",
            "storage.p.credentials.type: expected one of [account-key, client-certificate, client-secret, "
                + "default-chain, managed-identity, sas, workload-identity] for azure, got 'hmac'"),
        Arguments.of("{ type: s3, credentials: { type: static, access_key_id: a, secret_access_key: b, region: x } }",
            "storage.p.credentials.region: unknown key; expected one of [access_key_id, secret_access_key, "
                + "session_token, type]"),
        Arguments.of("{ type: s3, credentials: { type: default-chain, name: x } }",
            "storage.p.credentials.name: unknown key; expected one of [type]"),
        // Required keys of each kind.
        Arguments.of("{ type: s3, credentials: { type: static, secret_access_key: b } }",
            "storage.p.credentials.access_key_id: missing"),
        Arguments.of("{ type: s3, credentials: { type: static, access_key_id: a } }",
            "storage.p.credentials.secret_access_key: missing"),
        Arguments.of("{ type: s3, credentials: { type: static, access_key_id: a, secret_access_key: ~ } }",
            "storage.p.credentials.secret_access_key: missing"),
        Arguments.of("{ type: s3, credentials: { type: assume-role } }", "storage.p.credentials.role_arn: missing"),
        Arguments.of("{ type: s3, credentials: { type: web-identity, token_file: /t } }",
            "storage.p.credentials.role_arn: missing"),
        Arguments.of("{ type: s3, credentials: { type: web-identity, role_arn: r } }",
            "storage.p.credentials.token_file: missing"),
        Arguments.of("{ type: gcs, credentials: { type: hmac, secret: s } }",
            "storage.p.credentials.access_key_id: missing"),
        Arguments.of("{ type: gcs, credentials: { type: hmac, access_key_id: a } }",
            "storage.p.credentials.secret: missing"),
        Arguments.of("{ type: azure, account: a, credentials: { type: account-key } }",
            "storage.p.credentials.key: missing"),
        Arguments.of("{ type: azure, account: a, credentials: { type: sas } }",
            "storage.p.credentials.token: missing"),
        Arguments.of("{ type: azure, account: a, credentials: { type: client-secret, client_id: c, "
            + "client_secret: s } }",
            "storage.p.credentials.tenant_id: missing"),
        Arguments.of("{ type: azure, account: a, credentials: { type: client-secret, tenant_id: t, "
            + "client_secret: s } }",
            "storage.p.credentials.client_id: missing"),
        Arguments.of("{ type: azure, account: a, credentials: { type: client-secret, tenant_id: t, "
            + "client_id: c } }",
            "storage.p.credentials.client_secret: missing"),
        Arguments.of("{ type: azure, account: a, credentials: { type: client-certificate, tenant_id: t, "
            + "client_id: c } }", "storage.p.credentials.certificate_path: missing"),
        // Values of the wrong shape.
        Arguments.of("{ type: s3, credentials: { type: assume-role, role_arn: r, duration_seconds: 1h } }",
            "storage.p.credentials.duration_seconds: expected a whole number of seconds"),
        Arguments.of("{ type: azure, account: a, credentials: { type: workload-identity, instance_discovery: "
            + "maybe } }", "storage.p.credentials.instance_discovery: expected true or false"),
        Arguments.of("{ type: s3, credentials: { type: assume-role, role_arn: r, source: default-chain } }",
            "storage.p.credentials.source: expected a mapping of keys to values"),
        Arguments.of("{ type: s3, credentials: { type: assume-role, role_arn: r, source: { type: sas } } }",
            "storage.p.credentials.source.type: expected one of [assume-role, default-chain, profile, static, "
                + "web-identity] for s3, got 'sas'"),
        Arguments.of("{ type: s3, credentials: { type: assume-role, role_arn: r, source: { type: static } } }",
            "storage.p.credentials.source.access_key_id: missing"),
        // Secret references that do not resolve.
        Arguments.of("{ type: s3, credentials: { type: static, access_key_id: a, "
            + "secret_access_key: '${env:LAKEHOUSE_SURELY_UNSET}' } }",
            "storage.p.credentials.secret_access_key: : environment variable LAKEHOUSE_SURELY_UNSET is not set"),
        Arguments.of("{ type: s3, credentials: { type: assume-role, role_arn: '${env:LAKEHOUSE_SURELY_UNSET}' } }",
            "storage.p.credentials.role_arn: : environment variable LAKEHOUSE_SURELY_UNSET is not set"),
        Arguments.of("{ type: s3, trust_store: /ca.p12, trust_store_password: '${file:/surely/missing}' }",
            "storage.p.trust_store_password: : cannot read secret file /surely/missing"));
  }

  @ParameterizedTest
  @MethodSource
  void malformed(String yaml, String message) {
    SQLException e = assertThrows(SQLException.class, () -> parse(yaml));
    assertEquals(FILE + ": " + message, e.getMessage());
    assertTrue(SqlState.CONNECTION_FAILED.is(e), e.getSQLState());
  }

  /** The first problem in key order is the one reported. */
  @Test
  void firstProblemInKeyOrder() {
    SQLException unknownBeforeMissing = assertThrows(SQLException.class,
        () -> s3("{ type: static, bogus: 1 }"));
    assertEquals(FILE + ": storage.p.credentials.bogus: unknown key; expected one of [access_key_id, "
        + "secret_access_key, session_token, type]", unknownBeforeMissing.getMessage());
    SQLException firstMissing = assertThrows(SQLException.class,
        () -> azure("{ type: client-certificate }"));
    assertEquals(FILE + ": storage.p.credentials.tenant_id: missing", firstMissing.getMessage());
  }
}
