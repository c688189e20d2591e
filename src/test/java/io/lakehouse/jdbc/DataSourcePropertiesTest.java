package io.lakehouse.jdbc;

import static io.lakehouse.testing.SqlAssert.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lakehouse.SqlState;
import io.lakehouse.engine.EngineSettings;
import io.lakehouse.security.PasswordHash;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every LakehouseDataSource setter can be set from String-typed configuration, as HikariCP's
 * {@code dataSourceProperties} and Spring Boot's {@code spring.datasource.hikari.data-source-properties.*} do: HikariCP
 * converts the strings to the setter's parameter type (String, int, long, boolean) or fails the pool.
 */
class DataSourcePropertiesTest {
  /** Setters that take objects an application passes in code, not configuration text. */
  private static final Set<String> OBJECT_SETTERS = Set.of("setPrincipalResolver", "setLogWriter");

  @TempDir
  Path dir;

  private Path table() throws Exception {
    DeltaTestWriter.create(dir.resolve("lake/sales"), java.util.List.of(Col.of("id", "long")))
        .append(new Object[] {1L}, new Object[] {2L});
    return dir.resolve("lake");
  }

  /** The bean properties HikariCP would look for: every public one-argument setter but the object-typed ones. */
  private static Set<String> configurableProperties() {
    return Arrays.stream(LakehouseDataSource.class.getMethods())
        .filter(m -> m.getName().startsWith("set") && m.getParameterCount() == 1
            && !Modifier.isStatic(m.getModifiers()) && !OBJECT_SETTERS.contains(m.getName()))
        .map(Method::getName)
        .map(n -> Character.toLowerCase(n.charAt(3)) + n.substring(4))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void everySetterTakesAStringThroughHikari() throws Exception {
    Path lake = table();
    Path temp = Files.createDirectories(dir.resolve("spill"));
    Map<String, String> values = new LinkedHashMap<>();
    values.put("url", "jdbc:lakehouse:" + lake);
    values.put("catalog", lake.toString());
    values.put("user", "app");
    values.put("password", "ignored-without-an-access-section");
    values.put("threads", "3");
    values.put("memoryLimit", "512MB");
    values.put("tempDirectory", temp.toString());
    values.put("timeZone", "Asia/Tokyo");
    values.put("resultCache", "false");
    values.put("metadataMaxStaleness", "30s");
    values.put("loginTimeout", "5");
    assertEquals(configurableProperties(), new TreeSet<>(values.keySet()),
        "every configurable setter is set here from a string");

    HikariConfig config = new HikariConfig();
    config.setDataSourceClassName(LakehouseDataSource.class.getName());
    values.forEach(config::addDataSourceProperty);
    config.setMaximumPoolSize(1);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      LakehouseDataSource ds = pool.unwrap(LakehouseDataSource.class);
      assertEquals(3, ds.getThreads());
      assertEquals("512MB", ds.getMemoryLimit());
      assertEquals(temp.toString(), ds.getTempDirectory());
      assertEquals("Asia/Tokyo", ds.getTimeZone());
      assertEquals(false, ds.isResultCache());
      assertEquals("30s", ds.getMetadataMaxStaleness());
      // loginTimeout was accepted from "5"; HikariCP then sets it to its own connection timeout (30 s).
      assertEquals(30, ds.getLoginTimeout());
      try (Connection c = pool.getConnection()) {
        LakehouseConnection lc = c.unwrap(LakehouseConnection.class);
        EngineSettings engine = lc.engine().settings();
        assertEquals(3, engine.threads());
        assertEquals("Asia/Tokyo", engine.timeZone());
        assertEquals(temp, engine.tempDirectory());
        assertNull(lc.resultCacheStats(), "result_cache=false");
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM sales")) {
          assertTrue(rs.next());
          assertEquals(2, rs.getInt(1));
        }
      }
    }
  }

  @Test
  void userAndPasswordAuthenticateThroughHikari() throws Exception {
    Path lake = table();
    Files.writeString(dir.resolve("governed.yaml"), """
        tables:
          sales: { format: delta, location: lake/sales }
        organizations:
          acme: { tables: [sales] }
        roles:
          reader: { grants: [ { select: sales } ] }
        principals:
          app: { organization: acme, roles: [reader], password_hash: "%s" }
        """.formatted(PasswordHash.create("s3cret".toCharArray(), 1_000)));
    HikariConfig config = new HikariConfig();
    config.setDataSourceClassName(LakehouseDataSource.class.getName());
    config.addDataSourceProperty("catalog", dir.resolve("governed.yaml").toString());
    config.addDataSourceProperty("user", "app");
    config.addDataSourceProperty("password", "s3cret");
    config.addDataSourceProperty("threads", "2");
    config.setMaximumPoolSize(1);
    try (HikariDataSource pool = new HikariDataSource(config); Connection c = pool.getConnection();
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM sales")) {
      assertTrue(rs.next());
      assertEquals(2, rs.getInt(1));
    }
    LakehouseDataSource wrong = new LakehouseDataSource();
    wrong.setCatalog(dir.resolve("governed.yaml").toString());
    wrong.setUser("app");
    wrong.setPassword("nope");
    assertState(SqlState.AUTHENTICATION, () -> wrong.getConnection().close());
    assertEquals(lake, dir.resolve("lake"));
  }

  @Test
  void threadsZeroMeansUnset() {
    LakehouseDataSource ds = new LakehouseDataSource();
    assertEquals(0, ds.getThreads());
    ds.setThreads(4);
    assertEquals(4, ds.getThreads());
    ds.setThreads(0);
    assertEquals(0, ds.getThreads());
  }
}
