package io.lakehouse.config;

import static io.lakehouse.testing.SqlAssert.assertMessageContains;
import static io.lakehouse.testing.SqlAssert.assertMessageLacks;
import static io.lakehouse.testing.SqlAssert.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.Redaction;
import io.lakehouse.SqlState;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog's cache.results section and the result_cache connection property: parsed once, typed, and loud. */
class ResultCacheConfigTest {
  private static final String PASSWORD = "redis-pa55word-xyz";
  @TempDir
  static Path dir;

  @BeforeAll
  static void write() throws Exception {
    DeltaTestWriter.create(dir.resolve("t"), List.of(Col.of("id", "long"))).append(
        List.<Object[]>of(new Object[] {1L}));
    Files.writeString(dir.resolve("pw"), PASSWORD + "\n");
    Files.writeString(dir.resolve("ca.p12"), "not really a store");
  }

  static CatalogConfig load(String section) throws Exception {
    Path file = Files.createTempFile(dir, "catalog-", ".yaml");
    Files.writeString(file, "tables:\n  t: { format: delta, location: t }\n" + section);
    return CatalogLoader.load(file.toString());
  }

  static SQLException fails(String section) {
    return assertState(SqlState.CONNECTION_FAILED, () -> load(section));
  }

  @Test
  void defaultsToAnInProcessCache() throws Exception {
    ResultCacheSettings s = load("").resultCache();
    assertEquals(ResultCacheSettings.DEFAULT, s);
    assertEquals(ResultCacheSettings.Type.MEMORY, s.type());
    ResultCacheSettings m = load("cache: { max_bytes: 1GB, results: { max_bytes: 64MB, max_entry_bytes: 512KB } }\n")
        .resultCache();
    assertEquals(ByteSize.parse("64MB", false).orElseThrow().asLong(), m.maxBytes());
    assertEquals(ByteSize.parse("512KB", false).orElseThrow().asLong(), m.maxEntryBytes());
    assertEquals(ResultCacheSettings.Type.NONE, load("cache: { results: { type: none } }\n").resultCache().type());
  }

  @Test
  void redisWithTlsAndASecretPassword() throws Exception {
    ResultCacheSettings s = load("""
        cache:
          results:
            type: redis
            url: rediss://cache.example:6380/2
            user: lakehouse
            password: ${file:%s}
            trust_store: ca.p12
            trust_store_password: ${file:%s}
            ttl: 30m
            timeout: 100ms
            key_prefix: "prod:"
        """.formatted(dir.resolve("pw"), dir.resolve("pw"))).resultCache();
    assertEquals(ResultCacheSettings.Type.REDIS, s.type());
    ResultCacheSettings.Redis r = s.redis();
    assertEquals("cache.example", r.host());
    assertEquals(6380, r.port());
    assertEquals(2, r.database());
    assertTrue(r.tls());
    assertEquals("lakehouse", r.user());
    assertEquals(PASSWORD, r.password().value());
    assertEquals(dir.resolve("ca.p12"), r.trustStore().file());
    assertEquals(Duration.ofMinutes(30), s.ttl());
    assertEquals(Duration.ofMillis(100), r.timeout());
    assertEquals("prod:", s.keyPrefix());
    assertEquals("rediss://cache.example:6380/2", r.address());
    // the secret is never printed, and is registered for redaction
    assertFalse(s.toString().contains(PASSWORD), s.toString());
    assertFalse(r.toString().contains(PASSWORD), r.toString());
    assertEquals("x **** y", Redaction.redact("x " + PASSWORD + " y").replaceAll("\\*+", "****"));
    ResultCacheSettings plain = load("cache: { results: { type: redis, url: \"redis://127.0.0.1\" } }\n")
        .resultCache();
    assertEquals(6379, plain.redis().port());
    assertFalse(plain.redis().tls());
    assertNull(plain.redis().password());
    assertEquals(ResultCacheSettings.DEFAULT_TTL, plain.ttl());
    assertTrue(load("cache: { results: { type: redis, url: \"redis://h:1\", tls: true } }\n").resultCache()
        .redis().tls());
  }

  @Test
  void badSettingsFailTheConnectionNamingTheKey() {
    assertMessageContains(fails("cache: { results: { type: memcached } }\n"), "cache.results.type",
        "memory, redis or none");
    assertMessageContains(fails("cache: { results: { type: redis } }\n"), "cache.results.url", "missing");
    assertMessageContains(fails("cache: { results: { type: redis, url: \"http://h:1\" } }\n"), "cache.results.url");
    SQLException inUrl = fails("cache: { results: { type: redis, url: \"redis://:" + PASSWORD + "@h:1\" } }\n");
    assertMessageContains(inUrl, "cache.results.url", "password");
    assertMessageLacks(inUrl, PASSWORD);
    assertMessageContains(fails("cache: { results: { type: redis, url: \"redis://h/x\" } }\n"), "database number");
    assertMessageContains(fails("cache: { results: { type: redis, url: \"redis://h\", ttl: soon } }\n"),
        "cache.results.ttl");
    assertMessageContains(fails("cache: { results: { type: redis, url: \"redis://h\", timeout: 2m } }\n"),
        "cache.results.timeout");
    assertMessageContains(fails("cache: { results: { type: redis, url: \"redis://h\", max_bytes: 1GB } }\n"),
        "cache.results.max_bytes", "only applies to type: memory");
    assertMessageContains(fails("cache: { results: { url: \"redis://h\" } }\n"), "cache.results.url",
        "only applies to type: redis");
    assertMessageContains(fails("cache: { results: { type: redis, url: \"redis://h\", trust_store: ca.p12 } }\n"),
        "cache.results.trust_store", "TLS");
    assertMessageContains(fails("cache: { results: { type: redis, url: \"rediss://h\", tls: false } }\n"),
        "cache.results.tls");
    assertMessageContains(fails("cache: { results: { max_entry_bytes: big } }\n"), "cache.results.max_entry_bytes");
    assertMessageContains(fails("cache: { results: { colour: red } }\n"), "cache.results.colour", "unknown key");
    SQLException env = fails("cache: { results: { type: redis, url: \"redis://h\", password: "
        + "\"${env:LAKEHOUSE_TEST_UNSET_REDIS_PW}\" } }\n");
    assertMessageContains(env, "cache.results.password", "LAKEHOUSE_TEST_UNSET_REDIS_PW");
  }

  @Test
  void anUnreadableTrustStoreFailsTheConnection() throws Exception {
    Path file = dir.resolve("bad-trust.yaml");
    Files.writeString(file, "tables:\n  t: { format: delta, location: t }\ncache: { results: { type: redis, url: "
        + "\"rediss://127.0.0.1:1\", trust_store: ca.p12, trust_store_password: \"${file:" + dir.resolve("pw")
        + "}\" } }\n");
    SQLException e = assertState(SqlState.CONNECTION_FAILED,
        () -> DriverManager.getConnection("jdbc:lakehouse:" + file).close());
    assertMessageContains(e, "trust_store", "ca.p12");
    assertMessageLacks(e, PASSWORD);
  }

  @Test
  void theConnectionPropertyIsABoolean() throws Exception {
    Properties p = new Properties();
    p.setProperty("result_cache", "false");
    assertFalse(ConnectionConfig.parse(p).resultCache());
    assertTrue(ConnectionConfig.parse(new Properties()).resultCache());
    p.setProperty("result_cache", "sometimes");
    assertMessageContains(assertState(SqlState.CONNECTION_FAILED, () -> ConnectionConfig.parse(p)),
        "result_cache", "true or false");
  }
}
