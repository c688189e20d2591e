package io.lakehouse.security;

import static io.lakehouse.testing.SqlAssert.assertMessageContains;
import static io.lakehouse.testing.SqlAssert.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakehouse.SqlState;
import io.lakehouse.jdbc.LakehouseConnection;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log end to end: real tables written by Delta Kernel and Iceberg core, real DuckDB, the file sink. Each
 * test connects as its own user and reads back the lines with that principal after closing the connection (which
 * drains the writer). Expected versions, snapshot ids, files and bytes come from what the writers committed;
 * expected row counts from the rows written.
 */
class AuditLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;
  private static Path catalog;
  private static Path auditFile;
  private static final List<Object[]> deltaRows = new ArrayList<>();
  /** Delta version → the data files that version's commit added, with their sizes. */
  private static final Map<Long, Map<Path, Long>> deltaFiles = new LinkedHashMap<>();
  private static final Map<Long, Map<Path, Long>> icebergFiles = new LinkedHashMap<>();
  private static long deltaV1;
  private static long deltaRowsAtV1;
  private static long deltaV2;
  private static long snapshot1;
  private static long snapshot2;
  private static long icebergRowsAtS1;
  private static long icebergRowsAtS2;
  private static String profileSecret;

  @BeforeAll
  static void tables() throws IOException {
    Path sales = dir.resolve("lake/sales");
    DeltaTestWriter d = DeltaTestWriter.create(sales, List.of(Col.of("id", "long"), Col.of("region", "string")));
    List<Object[]> first = List.of(new Object[] {1L, "eu"}, new Object[] {2L, "us"});
    List<Object[]> second = List.of(new Object[] {3L, "eu"}, new Object[] {4L, "apac"}, new Object[] {5L, "us"});
    deltaV1 = appendAndRecord(sales, deltaFiles, () -> d.append(first));
    deltaRows.addAll(first);
    deltaRowsAtV1 = first.size();
    deltaV2 = appendAndRecord(sales, deltaFiles, () -> d.append(second));
    deltaRows.addAll(second);

    Path customers = dir.resolve("lake/customers");
    IcebergTestWriter i = IcebergTestWriter.create(customers, new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "name", Types.StringType.get())));
    List<Object[]> c1 = List.of(new Object[] {1L, "Ada"}, new Object[] {2L, "Grace"});
    List<Object[]> c2 = List.<Object[]>of(new Object[] {3L, "Edsger"});
    snapshot1 = appendAndRecord(customers, icebergFiles, () -> i.append(c1));
    icebergRowsAtS1 = c1.size();
    snapshot2 = appendAndRecord(customers, icebergFiles, () -> i.append(c2));
    icebergRowsAtS2 = c1.size() + c2.size();

    profileSecret = "AuditCanarySecret" + Long.toHexString(System.nanoTime());
    catalog = dir.resolve("catalog.yaml");
    Files.writeString(catalog, "tables:\n"
        + "  sales: { format: delta, location: lake/sales }\n"
        + "  customers: { format: iceberg, location: lake/customers }\n"
        + "storage:\n"
        + "  vault: { type: s3, region: us-east-1, credentials: { type: static, access_key_id: AKIDAUDIT, "
        + "secret_access_key: '" + profileSecret + "' } }\n"
        + "audit:\n"
        + "  sink: file\n"
        + "  path: logs/audit.jsonl\n"
        + "  mask_literals: false\n");
    auditFile = dir.resolve("logs/audit.jsonl");
  }

  interface Commit {
    long run();
  }

  /** Runs one writer commit and records the Parquet data files it added. */
  private static long appendAndRecord(Path table, Map<Long, Map<Path, Long>> out, Commit commit) throws IOException {
    Set<Path> before = dataFiles(table).keySet();
    long version = commit.run();
    Map<Path, Long> added = new HashMap<>(dataFiles(table));
    added.keySet().removeAll(before);
    assertFalse(added.isEmpty(), "the commit wrote data files");
    out.put(version, added);
    return version;
  }

  private static Map<Path, Long> dataFiles(Path table) throws IOException {
    Map<Path, Long> files = new HashMap<>();
    try (Stream<Path> walk = Files.walk(table)) {
      for (Path p : walk.filter(p -> p.toString().endsWith(".parquet"))
          .filter(p -> !table.relativize(p).startsWith("_delta_log")).toList()) {
        files.put(p, Files.size(p));
      }
    }
    return files;
  }

  /** Files and bytes of the given versions' commits together. */
  private static long[] filesAndBytes(Map<Long, Map<Path, Long>> commits, long... versions) {
    long files = 0;
    long bytes = 0;
    for (long v : versions) {
      files += commits.get(v).size();
      bytes += commits.get(v).values().stream().mapToLong(Long::longValue).sum();
    }
    return new long[] {files, bytes};
  }

  private static Connection connect(String user) throws SQLException {
    return connect(catalog, user, null);
  }

  private static Connection connect(Path catalogFile, String user, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    // every execution here must read its files (a repeated statement would be a result-cache hit)
    p.setProperty("result_cache", "false");
    if (password != null) {
      p.setProperty("password", password);
    }
    return DriverManager.getConnection("jdbc:lakehouse:" + catalogFile, p);
  }

  /** Every line of the audit file (and its rotated siblings), oldest first. */
  private static List<String> allLines(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 20; i >= 1; i--) {
      Path rotated = file.resolveSibling(file.getFileName() + "." + i);
      if (Files.exists(rotated)) {
        lines.addAll(Files.readAllLines(rotated));
      }
    }
    if (Files.exists(file)) {
      lines.addAll(Files.readAllLines(file));
    }
    return lines;
  }

  /** The statement records of one principal, in the order written (connect events aside). */
  private static List<JsonNode> records(String principal) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : allLines(auditFile)) {
      JsonNode n = JSON.readTree(line);
      if (principal.equals(n.path("principal").asText(null)) && !n.has("event")) {
        out.add(n);
      }
    }
    return out;
  }

  private static long readAll(ResultSet rs) throws SQLException {
    long n = 0;
    while (rs.next()) {
      n++;
    }
    return n;
  }

  private static long deltaRowsWhere(Predicate<Object[]> p) {
    return deltaRows.stream().filter(p).count();
  }

  @Test
  void oneLinePerExecution() throws Exception {
    String user = "one-line";
    List<Long> expectedRows = new ArrayList<>();
    List<String> expectedSql = new ArrayList<>();
    try (Connection c = connect(user)) {
      try (Statement s = c.createStatement()) {
        String q1 = "SELECT id, region FROM sales ORDER BY id";
        try (ResultSet rs = s.executeQuery(q1)) {
          readAll(rs);
        }
        expectedSql.add(q1);
        expectedRows.add((long) deltaRows.size());
        // Re-executing closes the previous result: that ends its execution after 1 row read.
        String q2 = "SELECT id FROM sales WHERE region = 'eu'";
        ResultSet partial = s.executeQuery(q2);
        assertTrue(partial.next());
        expectedSql.add(q2);
        expectedRows.add(1L);
        String q3 = "SELECT count(*) FROM customers";
        try (ResultSet rs = s.executeQuery(q3)) {
          readAll(rs);
        }
        expectedSql.add(q3);
        expectedRows.add(1L);
      }
      String prepared = "SELECT id FROM sales WHERE id > ? ORDER BY id";
      try (PreparedStatement ps = c.prepareStatement(prepared)) {
        for (long min : new long[] {0, 2, 4}) {
          ps.setLong(1, min);
          try (ResultSet rs = ps.executeQuery()) {
            assertEquals(deltaRowsWhere(r -> (Long) r[0] > min), readAll(rs));
          }
          expectedSql.add(prepared);
          expectedRows.add(deltaRowsWhere(r -> (Long) r[0] > min));
        }
      }
      String explain = "EXPLAIN SELECT count(*) FROM customers";
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(explain)) {
        expectedRows.add(readAll(rs));
        expectedSql.add(explain);
      }
      // Left open: the connection's close ends it.
      Statement open = c.createStatement();
      ResultSet rs = open.executeQuery("SELECT * FROM sales");
      assertTrue(rs.next());
      assertTrue(rs.next());
      expectedSql.add("SELECT * FROM sales");
      expectedRows.add(2L);
    }
    List<JsonNode> lines = records(user);
    assertEquals(expectedSql.size(), lines.size(), "one line per execution: " + lines);
    Set<String> connections = new HashSet<>();
    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      JsonNode n = lines.get(i);
      assertEquals(expectedSql.get(i), n.get("statement").asText());
      assertEquals("ok", n.get("outcome").asText(), n.toString());
      assertTrue(n.get("sqlstate").isNull());
      assertTrue(n.get("error").isNull());
      assertTrue(n.get("organization").isNull());
      assertEquals(expectedRows.get(i), n.get("rows_returned").asLong(), n.toString());
      assertTrue(n.get("duration_ms").asDouble() >= n.get("execute_ms").asDouble());
      Instant.parse(n.get("time").asText());
      connections.add(n.get("connection_id").asText());
      ids.add(n.get("statement_id").asLong());
    }
    assertEquals(1, connections.size(), "one connection id");
    assertEquals(lines.size(), ids.size(), "a statement id per execution");
    JsonNode explained = lines.get(expectedSql.indexOf("EXPLAIN SELECT count(*) FROM customers"));
    assertEquals(snapshot2, explained.get("tables").get(0).get("snapshot_id").asLong());
    assertEquals(0, explained.get("files_scanned").asLong(), "EXPLAIN reads no data file");
  }

  @Test
  void versionsSnapshotsFilesAndBytesAreTheWritersCommits() throws Exception {
    String user = "versions";
    try (Connection c = connect(user); Statement s = c.createStatement()) {
      for (String sql : List.of("SELECT * FROM sales", "SELECT * FROM sales FOR VERSION AS OF " + deltaV1,
          "SELECT * FROM customers FOR VERSION AS OF " + snapshot1, "SELECT * FROM customers",
          "SELECT s.id FROM sales FOR VERSION AS OF " + deltaV1 + " s JOIN customers c ON s.id = c.id")) {
        try (ResultSet rs = s.executeQuery(sql)) {
          readAll(rs);
        }
      }
    }
    List<JsonNode> lines = records(user);
    assertEquals(5, lines.size());
    assertTable(lines.get(0), 0, "sales", "version", deltaV2, filesAndBytes(deltaFiles, deltaV1, deltaV2));
    assertEquals(deltaRows.size(), lines.get(0).get("rows_returned").asLong());
    assertTable(lines.get(1), 0, "sales", "version", deltaV1, filesAndBytes(deltaFiles, deltaV1));
    assertEquals(deltaRowsAtV1, lines.get(1).get("rows_returned").asLong());
    assertTable(lines.get(2), 0, "customers", "snapshot_id", snapshot1, filesAndBytes(icebergFiles, snapshot1));
    assertEquals(icebergRowsAtS1, lines.get(2).get("rows_returned").asLong());
    assertTable(lines.get(3), 0, "customers", "snapshot_id", snapshot2,
        filesAndBytes(icebergFiles, snapshot1, snapshot2));
    assertEquals(icebergRowsAtS2, lines.get(3).get("rows_returned").asLong());
    JsonNode join = lines.get(4);
    assertEquals(2, join.get("tables").size());
    long[] a = filesAndBytes(deltaFiles, deltaV1);
    long[] b = filesAndBytes(icebergFiles, snapshot1, snapshot2);
    assertTable(join, 0, "sales", "version", deltaV1, a);
    assertTable(join, 1, "customers", "snapshot_id", snapshot2, b);
    assertEquals(a[0] + b[0], join.get("files_scanned").asLong());
    assertEquals(a[1] + b[1], join.get("bytes_scanned").asLong());
  }

  private static void assertTable(JsonNode line, int index, String name, String versionField, long version,
      long[] filesAndBytes) {
    JsonNode t = line.get("tables").get(index);
    assertEquals(name, t.get("name").asText(), line.toString());
    assertEquals(versionField.equals("version") ? "delta" : "iceberg", t.get("format").asText());
    assertEquals(version, t.get(versionField).asLong(), line.toString());
    assertEquals(filesAndBytes[0], t.get("files").asLong(), line.toString());
    assertEquals(filesAndBytes[1], t.get("bytes").asLong(), line.toString());
    if (line.get("tables").size() == 1) {
      assertEquals(filesAndBytes[0], line.get("files_scanned").asLong());
      assertEquals(filesAndBytes[1], line.get("bytes_scanned").asLong());
    }
  }

  @Test
  void refusedFailedCancelledAndTimedOutStatementsAreAudited() throws Exception {
    String user = "refused";
    List<SQLException> thrown = new ArrayList<>();
    List<String> sql = new ArrayList<>();
    List<String> outcomes = new ArrayList<>();
    try (Connection c = connect(user); Statement s = c.createStatement()) {
      Map<String, SqlState> denied = new LinkedHashMap<>();
      denied.put("INSERT INTO sales VALUES (9, 'x')", SqlState.READ_ONLY);
      denied.put("SELECT * FROM read_csv('/etc/passwd')", SqlState.ACCESS_DENIED);
      denied.put("SELECT getenv('HOME')", SqlState.ACCESS_DENIED);
      denied.put("SELEC id FROM sales", SqlState.SYNTAX);
      denied.put("SELECT * FROM nowhere", SqlState.UNKNOWN_TABLE);
      denied.put("SHOW FUNCTIONS", SqlState.NOT_SUPPORTED);
      for (Map.Entry<String, SqlState> e : denied.entrySet()) {
        SQLException ex = assertState(e.getValue(), () -> s.executeQuery(e.getKey()));
        thrown.add(ex);
        sql.add(e.getKey());
        outcomes.add("denied");
      }
      SQLException update = assertThrows(SQLException.class, () -> s.executeUpdate("SELECT 1"));
      thrown.add(update);
      sql.add("SELECT 1");
      outcomes.add("denied");
      SQLException prepare = assertThrows(SQLException.class, () -> c.prepareStatement("DELETE FROM sales"));
      thrown.add(prepare);
      sql.add("DELETE FROM sales");
      outcomes.add("denied");
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM sales WHERE id = ?")) {
        SQLException unset = assertThrows(SQLException.class, ps::executeQuery);
        thrown.add(unset);
        sql.add("SELECT * FROM sales WHERE id = ?");
        outcomes.add("error");
      }
      SQLException data = assertThrows(SQLException.class,
          () -> readAll(s.executeQuery("SELECT CAST(region AS INTEGER) FROM sales")));
      thrown.add(data);
      sql.add("SELECT CAST(region AS INTEGER) FROM sales");
      outcomes.add("error");
      String slow = "SELECT count(*) FROM generate_series(1, 100000000000) t(x) WHERE x % 7 = 3";
      s.setQueryTimeout(1);
      SQLException timeout = assertThrows(SQLException.class, () -> s.executeQuery(slow));
      assertTrue(timeout instanceof SQLTimeoutException, timeout.toString());
      thrown.add(timeout);
      sql.add(slow);
      outcomes.add("timeout");
      s.setQueryTimeout(0);
      java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
      Thread canceller = new Thread(() -> {
        try {
          while (!finished.get()) {  // again and again: a cancel before the query started would be forgotten
            Thread.sleep(200);
            s.cancel();
          }
        } catch (InterruptedException | SQLException ignored) {
          // the assertion below reports it
        }
      });
      canceller.start();
      SQLException cancel = assertThrows(SQLException.class, () -> s.executeQuery(slow));
      finished.set(true);
      canceller.join();
      thrown.add(cancel);
      sql.add(slow);
      outcomes.add("cancelled");
    }
    List<JsonNode> lines = records(user);
    assertEquals(sql.size(), lines.size(), lines.toString());
    for (int i = 0; i < lines.size(); i++) {
      JsonNode n = lines.get(i);
      assertEquals(sql.get(i), n.get("statement").asText());
      assertEquals(outcomes.get(i), n.get("outcome").asText(), n.toString());
      assertEquals(thrown.get(i).getSQLState(), n.get("sqlstate").asText(), n.toString());
      assertEquals(thrown.get(i).getMessage(), n.get("error").asText());
      assertEquals(0, n.get("rows_returned").asLong());
    }
    // The data error happened after planning: the record still says what was read.
    JsonNode data = lines.get(sql.indexOf("SELECT CAST(region AS INTEGER) FROM sales"));
    assertEquals(deltaV2, data.get("tables").get(0).get("version").asLong(), data.toString());
  }

  @Test
  void secretsAndPasswordNeverAppearInTheAuditLog() throws Exception {
    String user = "secrets";
    String password = "AuditCanaryPassword" + Long.toHexString(System.nanoTime());
    List<String> statements = List.of("SELECT '" + profileSecret + "' AS s",
        "SELECT 1 AS one /* " + password + " */",
        "SELECT * FROM \"" + password + "\"",
        "SELECT * FROM sales WHERE region = '" + profileSecret + "'");
    try (Connection c = connect(catalog, user, password); Statement s = c.createStatement()) {
      for (String sql : statements) {
        try (ResultSet rs = s.executeQuery(sql)) {
          readAll(rs);
        } catch (SQLException expected) {
          // the unknown table: its message names the table
        }
      }
    }
    List<JsonNode> lines = records(user);
    assertEquals(statements.size(), lines.size());
    assertTrue(lines.get(0).get("statement").asText().contains("****"), lines.get(0).toString());
    assertEquals(SqlState.UNKNOWN_TABLE.code(), lines.get(2).get("sqlstate").asText());
    assertTrue(lines.get(2).get("error").asText().contains("****"), lines.get(2).toString());
    String everything = String.join("\n", allLines(auditFile));
    assertFalse(everything.contains(profileSecret), "the storage profile's secret is never written");
    assertFalse(everything.contains(password), "the password is never written");
  }

  @Test
  void literalsMaskedByDefault() throws Exception {
    Path masked = dir.resolve("masked.yaml");
    Path file = dir.resolve("masked/audit.jsonl");
    Files.writeString(masked, "tables:\n  sales: { format: delta, location: lake/sales }\n"
        + "audit: { path: masked/audit.jsonl }\n");
    try (Connection c = connect(masked, "masker", null); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, 'x' AS \"x1\" FROM sales WHERE region = 'eu' AND id > 1.5e0 -- 7\n"
            + "AND id < 42")) {
      assertEquals(deltaRowsWhere(r -> r[1].equals("eu") && (Long) r[0] > 1.5 && (Long) r[0] < 42), readAll(rs));
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(2, lines.size());
    assertEquals("connect", JSON.readTree(lines.get(0)).get("event").asText());
    assertEquals("SELECT id, ? AS \"x1\" FROM sales WHERE region = ? AND id > ? -- 7\nAND id < ?",
        JSON.readTree(lines.get(1)).get("statement").asText());
  }

  @Test
  void rotationKeepsMaxFilesOwnerOnly() throws Exception {
    Path rotating = dir.resolve("rotating.yaml");
    Files.writeString(rotating, "tables:\n  sales: { format: delta, location: lake/sales }\n"
        + "audit: { sink: file, path: rot/audit.jsonl, max_bytes: 1KB, max_files: 3 }\n");
    Path file = dir.resolve("rot/audit.jsonl");
    int executions = 30;
    try (Connection c = connect(rotating, "rotator", null); Statement s = c.createStatement()) {
      for (int i = 0; i < executions; i++) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sales")) {
          readAll(rs);
        }
      }
    }
    assertTrue(Files.exists(file));
    assertTrue(Files.exists(file.resolveSibling("audit.jsonl.1")));
    assertTrue(Files.exists(file.resolveSibling("audit.jsonl.2")));
    assertFalse(Files.exists(file.resolveSibling("audit.jsonl.3")), "max_files counts the live file");
    try (Stream<Path> list = Files.list(file.getParent())) {
      assertEquals(3, list.count());
    }
    List<Long> ids = new ArrayList<>();
    for (String name : List.of("audit.jsonl.2", "audit.jsonl.1", "audit.jsonl")) {
      Path f = file.resolveSibling(name);
      assertTrue(Files.size(f) <= 1024, name + " is within max_bytes");
      for (String line : Files.readAllLines(f)) {
        ids.add(JSON.readTree(line).get("statement_id").asLong());
      }
    }
    assertTrue(ids.size() < executions, "older files were removed");
    for (int i = 0; i < ids.size(); i++) {
      assertEquals(executions - ids.size() + 1 + i, ids.get(i), "the newest records, in order: " + ids);
    }
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    }
  }

  @Test
  void badAuditKeysFailWithTheKeyPath() throws Exception {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("audit: { sink: kafka }", "audit.sink");
    cases.put("audit: { rotate: true }", "audit.rotate");
    cases.put("audit: { max_files: 0 }", "audit.max_files");
    cases.put("audit: { max_bytes: lots }", "audit.max_bytes");
    cases.put("audit: { queue: -1 }", "audit.queue");
    cases.put("audit: { mask_literals: maybe }", "audit.mask_literals");
    cases.put("audit: { sink: slf4j, path: a.jsonl }", "audit.path");
    cases.put("audit: { sink: none, logger: x }", "audit.logger");
    cases.put("audit: [ file ]", "audit");
    int n = 0;
    for (Map.Entry<String, String> e : cases.entrySet()) {
      Path f = dir.resolve("bad" + n++ + ".yaml");
      Files.writeString(f, "tables:\n  sales: { format: delta, location: lake/sales }\n" + e.getKey() + "\n");
      SQLException ex = assertState(SqlState.CONNECTION_FAILED, () -> connect(f, "bad", null), e.getKey());
      assertMessageContains(ex, f + ": " + e.getValue() + ":");
    }
  }

  @Test
  void unwritableAuditFileFailsTheConnection() throws Exception {
    Path f = dir.resolve("unwritable.yaml");
    Path blocker = dir.resolve("not-a-dir");
    Files.writeString(blocker, "a file where the audit directory should be");
    Files.writeString(f, "tables:\n  sales: { format: delta, location: lake/sales }\n"
        + "audit: { path: not-a-dir/audit.jsonl }\n");
    SQLException ex = assertState(SqlState.CONNECTION_FAILED, () -> connect(f, "unwritable", null));
    assertTrue(ex.getMessage().startsWith("audit: cannot open the audit file"), ex.getMessage());
  }

  @Test
  void connectionsShareOneWriterPerFile() throws Exception {
    int connections = 4;
    List<Connection> open = new ArrayList<>();
    try {
      for (int i = 0; i < connections; i++) {
        open.add(connect("shared"));
      }
      for (Connection c : open) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM sales")) {
          readAll(rs);
        }
      }
      assertEquals(0, open.get(0).unwrap(LakehouseConnection.class).auditRecordsLost());
    } finally {
      for (Connection c : open) {
        c.close();
      }
    }
    List<JsonNode> lines = records("shared");
    assertEquals(connections, lines.size());
    assertEquals(connections, lines.stream().map(n -> n.get("connection_id").asText()).distinct().count());
  }
}
