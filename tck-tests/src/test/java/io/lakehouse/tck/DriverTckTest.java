package io.lakehouse.tck;

import static io.lakehouse.testing.SqlAssert.assertMessageContains;
import static io.lakehouse.testing.SqlAssert.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lakehouse.SqlState;
import io.lakehouse.config.ConnectionProperties;
import io.lakehouse.config.ConnectionProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** java.sql.Driver contract: discovery, URL acceptance, property info, errors and versions. */
class DriverTckTest {
  private static final String DRIVER_CLASS = "io.lakehouse.jdbc.LakehouseDriver";

  @TempDir
  Path dir;

  /** Found by DriverManager alone (META-INF/services), without Class.forName by the application. */
  private static Driver driver() throws SQLException {
    Driver d = DriverManager.getDriver("jdbc:lakehouse:/anything");
    assertEquals(DRIVER_CLASS, d.getClass().getName());
    return d;
  }

  @Test
  void registeredThroughServiceLoader() throws SQLException {
    List<String> names = new ArrayList<>();
    for (Driver d : ServiceLoader.load(Driver.class)) {
      names.add(d.getClass().getName());
    }
    assertTrue(names.contains(DRIVER_CLASS), "META-INF/services/java.sql.Driver lists " + names);
    assertTrue(DriverManager.drivers().anyMatch(d -> d.getClass().getName().equals(DRIVER_CLASS)),
        "DriverManager has loaded the driver");
    assertNotNull(driver());
  }

  @Test
  void acceptsExactlyItsOwnPrefix() throws SQLException {
    Driver d = driver();
    assertTrue(d.acceptsURL("jdbc:lakehouse:x"));
    assertTrue(d.acceptsURL("jdbc:lakehouse:/data/catalog.yaml?threads=2"));
    assertTrue(d.acceptsURL("jdbc:lakehouse:?catalog=/data"));
    assertFalse(d.acceptsURL("jdbc:lakehouses:x"));
    assertFalse(d.acceptsURL("jdbc:lakehouse"));
    assertFalse(d.acceptsURL("jdbc:duckdb:"));
    assertFalse(d.acceptsURL("jdbc:postgresql://localhost/db"));
    assertFalse(d.acceptsURL("lakehouse:x"));
    assertFalse(d.acceptsURL(""));
  }

  /** JDBC allows acceptsURL(null) to throw SQLException; it must never throw anything else or return true. */
  @Test
  void rejectsNullUrl() throws SQLException {
    Driver d = driver();
    try {
      assertFalse(d.acceptsURL(null));
    } catch (SQLException expected) {
      // allowed by the javadoc
    }
    try {
      assertNull(d.connect(null, new Properties()));
    } catch (SQLException expected) {
      // allowed by the javadoc
    }
  }

  @Test
  void connectReturnsNullForForeignUrls() throws SQLException {
    Driver d = driver();
    assertNull(d.connect("jdbc:duckdb:", new Properties()));
    assertNull(d.connect("jdbc:lakehouses:" + dir, new Properties()));
    assertNull(d.connect("jdbc:h2:mem:x", null));
  }

  @Test
  void connectsThroughDriverManager() throws SQLException {
    try (Connection c = DriverManager.getConnection(TckTables.url(dir))) {
      assertFalse(c.isClosed());
      assertEquals(TckTables.url(dir), c.getMetaData().getURL());
    }
  }

  @Test
  void propertyInfoListsEveryPropertyWithADescription() throws SQLException {
    DriverPropertyInfo[] info = driver().getPropertyInfo(TckTables.url(dir), new Properties());
    Set<String> expected = ConnectionProperties.all().stream().map(ConnectionProperty::name)
        .collect(Collectors.toSet());
    Set<String> listed = new HashSet<>();
    for (DriverPropertyInfo p : info) {
      assertTrue(listed.add(p.name), "listed twice: " + p.name);
      assertNotNull(p.description, p.name);
      assertFalse(p.description.isBlank(), p.name);
    }
    assertEquals(expected, listed);
    assertEquals(Set.of("catalog", "user", "password", "threads", "memory_limit", "temp_directory", "time_zone",
        "result_cache", "metadata_max_staleness"),
        listed, "the documented properties");
    // The catalog given in the URL is reported back as the catalog property's current value.
    assertEquals(dir.toAbsolutePath().toString(), value(info, "catalog"));
  }

  @Test
  void propertyInfoNeverConnectsNorTouchesTheCatalog() throws Exception {
    Driver d = driver();
    Path missing = dir.resolve("no").resolve("such").resolve("catalog.yaml");
    DriverPropertyInfo[] info = d.getPropertyInfo("jdbc:lakehouse:" + missing, new Properties());
    assertEquals(ConnectionProperties.all().size(), info.length);
    assertEquals(missing.toString(), value(info, "catalog"));
    assertFalse(Files.exists(missing.getParent().getParent()), "must not create anything");

    // A file that is not a catalog at all: opening it would fail, listing properties must not.
    Path garbage = Files.writeString(dir.resolve("garbage.yaml"), "tables: [unclosed\n  : :");
    assertEquals(ConnectionProperties.all().size(),
        d.getPropertyInfo("jdbc:lakehouse:" + garbage, new Properties()).length);

    // Incomplete URLs, as typed in a dialog, and a null Properties.
    assertEquals(ConnectionProperties.all().size(), d.getPropertyInfo("jdbc:lakehouse:", null).length);
    assertEquals(ConnectionProperties.all().size(),
        d.getPropertyInfo("jdbc:lakehouse:?threads=", new Properties()).length);
  }

  @Test
  void propertyInfoNeverEchoesThePassword() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "alice");
    p.setProperty("password", "pw-from-properties-8731");
    for (String url : List.of(TckTables.url(dir), TckTables.url(dir) + "?password=pw-from-url-5519")) {
      Properties given = url.contains("?") ? new Properties() : p;
      DriverPropertyInfo[] info = driver().getPropertyInfo(url, given);
      for (DriverPropertyInfo i : info) {
        String all = i.name + "|" + i.value + "|" + i.description + "|" + Arrays.toString(i.choices);
        assertFalse(all.contains("pw-from-properties-8731"), all);
        assertFalse(all.contains("pw-from-url-5519"), all);
      }
      if (given == p) {
        assertEquals("alice", value(info, "user"), "non-secret values are reported");
      }
    }
  }

  @Test
  void unknownPropertyIsRefusedWith08001() {
    SQLException e = assertState(SqlState.CONNECTION_FAILED,
        () -> DriverManager.getConnection(TckTables.url(dir) + "?thredas=2").close());
    assertMessageContains(e, "thredas");

    Properties p = new Properties();
    p.setProperty("memorylimit", "1GB");
    e = assertState(SqlState.CONNECTION_FAILED, () -> DriverManager.getConnection(TckTables.url(dir), p).close());
    assertMessageContains(e, "memorylimit");
  }

  @Test
  void invalidValuesAndMissingCatalogAreRefusedWith08001() {
    assertState(SqlState.CONNECTION_FAILED,
        () -> DriverManager.getConnection(TckTables.url(dir) + "?threads=0").close());
    assertState(SqlState.CONNECTION_FAILED,
        () -> DriverManager.getConnection(TckTables.url(dir) + "?time_zone=Mars/Base").close());
    assertState(SqlState.CONNECTION_FAILED,
        () -> DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("nope")).close());
    assertState(SqlState.CONNECTION_FAILED, () -> DriverManager.getConnection("jdbc:lakehouse:").close());
  }

  /** A password given in the URL must not come back through DatabaseMetaData.getURL (tools display it). */
  @Test
  void passwordInUrlIsNotEchoedByGetUrl() throws SQLException {
    try (Connection c = DriverManager.getConnection(TckTables.url(dir) + "?user=bob&password=pw-in-url-7781")) {
      DatabaseMetaData md = c.getMetaData();
      assertEquals("bob", md.getUserName());
      String url = md.getURL();
      assertNotNull(url);
      assertTrue(url.startsWith("jdbc:lakehouse:"), url);
      assertFalse(url.contains("pw-in-url-7781"), "getURL echoes the password: " + url);
    }
  }

  @Test
  void invalidPasswordValueIsNotEchoedInErrors() throws Exception {
    // The password property accepts any text, so provoke an error elsewhere and check the password is not in it.
    Properties p = new Properties();
    p.setProperty("password", "pw-secret-4242");
    p.setProperty("threads", "-1");
    try (Connection c = DriverManager.getConnection(TckTables.url(dir), p)) {
      fail("threads=-1 must be refused");
    } catch (SQLException e) {
      assertFalse(String.valueOf(e.getMessage()).contains("pw-secret-4242"), e.getMessage());
    }
  }

  @Test
  void versions() throws SQLException {
    Driver d = driver();
    assertTrue(d.getMajorVersion() >= 0);
    assertTrue(d.getMinorVersion() >= 0);
    assertFalse(d.jdbcCompliant(), "read-only driver does not claim full compliance");
    try (Connection c = DriverManager.getConnection(TckTables.url(dir))) {
      DatabaseMetaData md = c.getMetaData();
      assertEquals(d.getMajorVersion(), md.getDriverMajorVersion());
      assertEquals(d.getMinorVersion(), md.getDriverMinorVersion());
      assertNotNull(md.getDriverName());
      assertFalse(md.getDriverName().isBlank());
      assertTrue(md.getDriverVersion().startsWith(d.getMajorVersion() + "." + d.getMinorVersion()),
          md.getDriverVersion());
      assertEquals(4, md.getJDBCMajorVersion());
      assertTrue(md.getJDBCMinorVersion() >= 2);
    }
  }

  private static String value(DriverPropertyInfo[] info, String name) {
    for (DriverPropertyInfo i : info) {
      if (i.name.equals(name)) {
        return i.value;
      }
    }
    throw new AssertionError("no property " + name);
  }
}
