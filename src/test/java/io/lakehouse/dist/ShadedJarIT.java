package io.lakehouse.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.jdbc.LakehouseDriver;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import io.lakehouse.testing.SqlAssert;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop-in jar ({@code lakehouse-jdbc-<version>-all.jar}, built by the shade plugin in {@code package}) loaded as
 * an IDE loads a driver: in its own class loader whose parent is the platform class loader, with nothing else on it,
 * and with a thread context class loader that knows nothing of the driver. Every answer is compared with the thin
 * driver of this build (target/classes and its Maven dependencies) over the same tables, and the time-travel answers
 * also with the rows handed to the writers.
 */
class ShadedJarIT {
  static Path jar;
  static URLClassLoader isolated;
  static Driver shaded;

  @TempDir static Path dir;
  static Path lake;
  static List<Long> icebergSnapshots = new ArrayList<>();

  /** Loads the jar in its own class loader and finds its one java.sql.Driver service. */
  @BeforeAll
  static void load() throws Exception {
    if (shaded != null) return;
    jar = Path.of(System.getProperty("lakehouse.allJar", "target/lakehouse-jdbc-0.1.0-SNAPSHOT-all.jar"));
    assertTrue(Files.isRegularFile(jar), "run mvn package first: " + jar);
    isolated = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    List<Driver> drivers = new ArrayList<>();
    for (Driver d : ServiceLoader.load(Driver.class, isolated)) {
      if (d.getClass().getClassLoader() == isolated) drivers.add(d);
    }
    assertEquals(List.of("io.lakehouse.jdbc.LakehouseDriver"),
        drivers.stream().map(d -> d.getClass().getName()).toList(), "java.sql.Driver services of the jar");
    shaded = drivers.get(0);
    assertNotEquals(LakehouseDriver.class, shaded.getClass(), "the driver must come from the jar, not the build");
  }

  @BeforeAll
  static void writeTables() {
    lake = dir.resolve("lake");
    // Delta (Kernel): three versions, a checkpoint at version 2, a partition column.
    DeltaTestWriter delta = DeltaTestWriter.create(lake.resolve("sales"),
        List.of(new Col("id", "long", false), Col.of("region", "string"), Col.of("amount", "decimal(10,2)")),
        List.of("region"));
    for (int v = 1; v <= 3; v++) {
      delta.append(rows(v, 3));
      if (v == 2) delta.checkpoint();
    }
    // Iceberg (core): three snapshots in a schema sub-folder.
    IcebergTestWriter iceberg = IcebergTestWriter.create(lake.resolve("crm/customers"), new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "region", Types.StringType.get()),
        Types.NestedField.optional(3, "amount", Types.DecimalType.of(10, 2))));
    for (int v = 1; v <= 3; v++) {
      iceberg.append(rows(v, 4).toArray(Object[][]::new));
      icebergSnapshots.add(iceberg.currentSnapshotId());
    }
  }

  @AfterAll
  static void close() throws IOException {
    if (isolated != null) isolated.close();
    isolated = null;
    shaded = null;
  }

  /** {@code n} rows of version {@code v}: id, region, amount as handed to both writers. */
  static List<Object[]> rows(int v, int n) {
    List<Object[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long id = v * 100L + i;
      out.add(new Object[] {id, i % 2 == 0 ? "eu" : "us", java.math.BigDecimal.valueOf(id * 25 + 3, 2)});
    }
    return out;
  }

  static String expectedSum(int throughVersion, int perVersion) {
    java.math.BigDecimal sum = java.math.BigDecimal.ZERO.setScale(2);
    long count = 0;
    for (int v = 1; v <= throughVersion; v++) {
      for (Object[] r : rows(v, perVersion)) {
        sum = sum.add((java.math.BigDecimal) r[2]);
        count++;
      }
    }
    return count + "|" + sum.toPlainString();
  }

  // ---------------------------------------------------------------------------------------------------------------

  @Test
  void jarHoldsOnlyOurDriverServiceAndNoLoggingProviderOrShellLibraries() throws IOException {
    try (JarFile j = new JarFile(jar.toFile())) {
      assertEquals("io.lakehouse.jdbc.LakehouseDriver", text(j, "META-INF/services/java.sql.Driver").strip());
      assertEquals(Set.of("io.lakehouse.table.delta.DeltaFormat", "io.lakehouse.table.iceberg.IcebergFormat"),
          lines(text(j, "META-INF/services/io.lakehouse.table.TableFormat")));
      Set<String> leaked = new TreeSet<>();
      Set<String> services = new TreeSet<>();
      for (Enumeration<JarEntry> e = j.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        if (name.startsWith("META-INF/services/") && !name.endsWith("/")) services.add(name);
        for (String bad : List.of("com/fasterxml/", "com/google/", "org/apache/calcite/", "org/apache/hadoop/",
            "io/netty/", "software/amazon/", "com/azure/", "reactor/", "org/apache/iceberg/", "io/delta/",
            "org/slf4j/impl/", "org/slf4j/nop/", "org/slf4j/simple/", "ch/qos/logback/", "org/apache/logging/",
            "sqlline/", "org/jline/", "org/fusesource/", "META-INF/services/org.slf4j.spi.SLF4JServiceProvider",
            "META-INF/services/javax.xml.stream.")) {
          if (name.startsWith(bad)) leaked.add(bad);
        }
      }
      assertEquals(Set.of(), leaked, "unrelocated libraries, logging providers or shell libraries in the jar");
      // Every provider named in every service file exists in the jar under its (relocated) name.
      for (String s : services) {
        for (String provider : lines(text(j, s))) {
          assertTrue(j.getEntry(provider.replace('.', '/') + ".class") != null, s + " names " + provider);
        }
      }
    }
  }

  @Test
  void ideMetadataSweepAnswersAsTheThinDriver() throws Exception {
    String url = "jdbc:lakehouse:" + lake.toAbsolutePath();
    List<String> viaJar = inIsolation(() -> sweep(shaded, url));
    List<String> viaBuild = sweep(new LakehouseDriver(), url);
    assertEquals(viaBuild, viaJar);
    String all = String.join("\n", viaJar);
    assertTrue(all.contains("|crm|customers|TABLE|") && all.contains("|main|sales|TABLE|"), all);
    assertTrue(all.contains("|main|sales|amount|"), all);
  }

  @Test
  void timeTravelOverDeltaAndIcebergAnswersAsTheWriters() throws Exception {
    String url = "jdbc:lakehouse:" + lake.toAbsolutePath();
    List<String> queries = List.of(
        "SELECT count(*), sum(amount) FROM sales FOR VERSION AS OF 2",
        "SELECT count(*), sum(amount) FROM sales",
        "SELECT count(*), sum(amount) FROM crm.customers FOR VERSION AS OF " + icebergSnapshots.get(0),
        "SELECT count(*), sum(amount) FROM crm.customers",
        "SELECT region, count(*) FROM sales FOR VERSION AS OF 1 GROUP BY region ORDER BY region");
    List<String> viaJar = inIsolation(() -> answers(shaded.connect(url, new Properties()), queries));
    assertEquals(answers(new LakehouseDriver().connect(url, new Properties()), queries), viaJar);
    assertEquals(expectedSum(2, 3), viaJar.get(0));
    assertEquals(expectedSum(3, 3), viaJar.get(1));
    assertEquals(expectedSum(1, 4), viaJar.get(2));
    assertEquals(expectedSum(3, 4), viaJar.get(3));
  }

  @Test
  void sparkWrittenDeltaTablesWithDeletionVectorsAndCheckpointsAnswerAsTheThinDriver() throws Exception {
    Path fixtures = Path.of(System.getProperty("lakehouse.sparkFixtures", "target/spark-fixtures"), "delta");
    assertTrue(Files.isDirectory(fixtures.resolve("dv_table")), "Spark fixtures missing: " + fixtures);
    String url = "jdbc:lakehouse:" + fixtures.toAbsolutePath();
    List<String> queries = new ArrayList<>();
    for (String t : List.of("dv_table", "checkpointed", "checkpoint_v2", "colmap_table")) {
      queries.add("SELECT * FROM " + t);
      queries.add("SELECT count(*) FROM " + t + " FOR VERSION AS OF 1");
    }
    List<String> viaJar = inIsolation(() -> answers(shaded.connect(url, new Properties()), queries));
    assertEquals(answers(new LakehouseDriver().connect(url, new Properties()), queries), viaJar);
    viaJar.forEach(a -> assertFalse(a.isEmpty(), "no rows: " + queries));
  }

  @Test
  void errorsKeepTheirSqlStateThroughTheJar() throws Exception {
    String url = "jdbc:lakehouse:" + lake.toAbsolutePath();
    inIsolation(() -> {
      try (Connection c = shaded.connect(url, new Properties()); Statement s = c.createStatement()) {
        SqlAssert.assertState(SqlState.UNKNOWN_TABLE, () -> s.executeQuery("SELECT * FROM no_such_table"));
        SqlAssert.assertState(SqlState.SYNTAX, () -> s.executeQuery("SELEC 1"));
        SqlAssert.assertState(SqlState.READ_ONLY, () -> s.executeQuery("INSERT INTO sales VALUES (1, 'eu', 1)"));
      }
      return null;
    });
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** Runs {@code body} with a thread context class loader that sees neither the driver nor its libraries. */
  static <T> T inIsolation(Callable<T> body) throws Exception {
    Thread t = Thread.currentThread();
    ClassLoader before = t.getContextClassLoader();
    t.setContextClassLoader(ClassLoader.getPlatformClassLoader());
    try {
      return body.call();
    } finally {
      t.setContextClassLoader(before);
    }
  }

  /** The calls DBeaver and DataGrip make when they open a connection and expand its tree, every row rendered. */
  static List<String> sweep(Driver driver, String url) throws SQLException {
    List<String> out = new ArrayList<>();
    // The driver dialog: URL check, version, the property sheet (names, descriptions, choices), before connecting.
    out.add(driver.acceptsURL(url) + " " + driver.getMajorVersion() + "." + driver.getMinorVersion() + " "
        + driver.jdbcCompliant());
    for (java.sql.DriverPropertyInfo p : driver.getPropertyInfo(url, new Properties())) {
      out.add(p.name + "|" + p.required + "|" + p.value + "|" + p.description + "|"
          + (p.choices == null ? "" : String.join(",", p.choices)));
    }
    try (Connection c = driver.connect(url, new Properties())) {
      DatabaseMetaData md = c.getMetaData();
      out.add(md.getDatabaseProductName() + " " + md.getDatabaseProductVersion() + " " + md.getDriverName() + " "
          + md.getDriverVersion() + " " + md.getIdentifierQuoteString() + " " + md.getSQLKeywords());
      out.add(md.getNumericFunctions() + md.getStringFunctions() + md.getTimeDateFunctions());
      out.add("catalog " + c.getCatalog() + " schema " + c.getSchema());
      render(md.getCatalogs(), out);
      render(md.getSchemas(), out);
      render(md.getSchemas(null, "%"), out);
      render(md.getTableTypes(), out);
      render(md.getTables(null, null, "%", null), out);
      render(md.getColumns(null, null, null, null), out);
      for (String[] t : List.of(new String[] {"main", "sales"}, new String[] {"crm", "customers"})) {
        render(md.getPrimaryKeys(null, t[0], t[1]), out);
        render(md.getImportedKeys(null, t[0], t[1]), out);
        render(md.getIndexInfo(null, t[0], t[1], false, true), out);
      }
      render(md.getTypeInfo(), out);
      render(md.getFunctions(null, null, "%"), out);
      render(md.getProcedures(null, null, "%"), out);
      render(md.getUDTs(null, null, "%", null), out);
      render(md.getClientInfoProperties(), out);
    }
    return out;
  }

  static List<String> answers(Connection c, List<String> queries) throws SQLException {
    List<String> out = new ArrayList<>();
    try (c; Statement s = c.createStatement()) {
      for (String q : queries) {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(q)) {
          while (rs.next()) rows.add(row(rs));
        }
        rows.sort(null);
        out.add(String.join("\n", rows));
      }
    }
    return out;
  }

  /** Column labels, then one line per row: values as strings joined by |. */
  static void render(ResultSet rs, List<String> out) throws SQLException {
    try (rs) {
      ResultSetMetaData md = rs.getMetaData();
      StringBuilder header = new StringBuilder("#");
      for (int i = 1; i <= md.getColumnCount(); i++) header.append(md.getColumnLabel(i)).append('|');
      out.add(header.toString());
      while (rs.next()) out.add("|" + row(rs) + "|");
    }
  }

  /** One row's values as strings, joined by |. */
  static String row(ResultSet rs) throws SQLException {
    List<String> values = new ArrayList<>();
    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) values.add(rs.getString(i));
    return String.join("|", values);
  }

  static String text(JarFile j, String entry) throws IOException {
    JarEntry e = j.getJarEntry(entry);
    assertTrue(e != null, "missing " + entry);
    try (InputStream in = j.getInputStream(e)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static Set<String> lines(String text) {
    Set<String> out = new TreeSet<>();
    for (String l : text.split("\n")) {
      String s = l.replaceAll("#.*", "").strip();
      if (!s.isEmpty()) out.add(s);
    }
    assertFalse(out.isEmpty());
    return out;
  }
}
