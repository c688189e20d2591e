package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a DBeaver / DataGrip-style tool does when it opens a catalog, over one that holds unreadable tables (a Delta
 * reader feature the driver does not support, a corrupt Delta log, an Iceberg table whose metadata file is gone):
 * every call of the sweep answers, the readable tables have exactly their writers' columns, each unreadable table is
 * named with its reason (result set warnings, then getTables REMARKS), and the same connection still answers
 * queries.
 */
class IdeMetadataSweepTest {
  @TempDir
  static Path dir;
  private static Path catalog;
  private static final List<String> DELTA_COLUMNS = List.of("id", "name", "amount");
  private static final List<String> ICEBERG_COLUMNS = List.of("k", "label");
  private static final List<Object[]> ICE_ROWS = List.of(new Object[] {7, "x"}, new Object[] {8, null});
  private static final List<Object[]> GOOD_ROWS = List.of(new Object[] {1L, "a", 1.5}, new Object[] {2L, "b", 2.5});

  @BeforeAll
  static void write() throws Exception {
    Path lake = dir.resolve("lake");
    DeltaTestWriter good = DeltaTestWriter.create(lake.resolve("good"), List.of(Col.of("id", "long"),
        Col.of("name", "string"), Col.of("amount", "double")));
    good.append(GOOD_ROWS);
    IcebergTestWriter ice = IcebergTestWriter.create(lake.resolve("ice"), new Schema(
        Types.NestedField.required(1, "k", Types.IntegerType.get()),
        Types.NestedField.optional(2, "label", Types.StringType.get())));
    ice.append(ICE_ROWS);

    // A reader feature from the future: Kernel refuses the protocol (0A000).
    DeltaTestWriter future = DeltaTestWriter.create(lake.resolve("future"), List.of(Col.of("id", "long")));
    future.append(List.<Object[]>of(new Object[] {1L}));
    Files.writeString(lake.resolve("future/_delta_log/00000000000000000002.json"),
        "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,\"readerFeatures\":[\"fluxCapacitor\"],"
            + "\"writerFeatures\":[\"fluxCapacitor\"]}}\n");
    // A commit that is not JSON.
    DeltaTestWriter corrupt = DeltaTestWriter.create(lake.resolve("corrupt"), List.of(Col.of("id", "long")));
    corrupt.append(List.<Object[]>of(new Object[] {1L}));
    Files.writeString(lake.resolve("corrupt/_delta_log/00000000000000000002.json"), "{\"add\": {\"path\": \n");
    // An Iceberg table whose current metadata file is cut short (a failed copy, a corrupt upload).
    IcebergTestWriter gone = IcebergTestWriter.create(lake.resolve("gone"), new Schema(
        Types.NestedField.optional(1, "k", Types.IntegerType.get())));
    gone.append(new Object[] {1});
    try (Stream<Path> files = Files.list(lake.resolve("gone/metadata"))) {
      Path newest = files.filter(p -> p.getFileName().toString().endsWith(".metadata.json"))
          .max(java.util.Comparator.comparing(Path::toString)).orElseThrow();
      String text = Files.readString(newest);
      Files.writeString(newest, text.substring(0, text.length() / 2));
    }
    catalog = dir.resolve("catalog.yaml");
    Files.writeString(catalog, """
        tables:
          good: { format: delta, location: lake/good }
          ice: { format: iceberg, location: lake/ice }
          future: { format: delta, location: lake/future }
          corrupt: { format: delta, location: lake/corrupt }
          gone: { format: iceberg, location: lake/gone }
        """);
  }

  private static int drain(ResultSet rs) throws SQLException {
    try (rs) {
      int n = 0;
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          rs.getObject(i);
        }
        n++;
      }
      return n;
    }
  }

  /** table name -> its column names, in ordinal order. */
  private static Map<String, List<String>> columns(ResultSet rs) throws SQLException {
    Map<String, List<String>> out = new TreeMap<>();
    try (rs) {
      while (rs.next()) {
        out.computeIfAbsent(rs.getString("TABLE_NAME"), k -> new ArrayList<>()).add(rs.getString("COLUMN_NAME"));
      }
    }
    return out;
  }

  private static Map<String, String> warnings(SQLWarning w) {
    Map<String, String> out = new LinkedHashMap<>();
    for (; w != null; w = w.getNextWarning()) {
      out.put(w.getMessage().split(" ")[0], w.getSQLState());
    }
    return out;
  }

  @Test
  void sweepAnswersEveryCallAndTheConnectionStillQueries() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog)) {
      DatabaseMetaData md = c.getMetaData();
      drain(md.getCatalogs());
      drain(md.getSchemas());
      drain(md.getSchemas(null, "%"));
      drain(md.getTableTypes());
      assertEquals(5, drain(md.getTables(null, null, "%", null)));
      assertEquals(5, drain(md.getTables(null, null, "%", new String[] {"TABLE"})));
      for (String type : new String[] {"VIEW", "SYSTEM TABLE", "MATERIALIZED VIEW", "SYNONYM"}) {
        drain(md.getTables(null, null, "%", new String[] {type}));
      }

      // Schema-wide columns: the readable tables' columns, the unreadable ones named in warnings.
      ResultSet all = md.getColumns(null, null, null, null);
      Map<String, String> warned = warnings(all.getWarnings());
      Map<String, List<String>> columns = columns(all);
      assertEquals(Map.of("good", DELTA_COLUMNS, "ice", ICEBERG_COLUMNS), columns);
      assertEquals(List.of("main.corrupt", "main.future", "main.gone"), new ArrayList<>(warned.keySet()),
          warned.toString());
      assertEquals(SqlState.NOT_SUPPORTED.code(), warned.get("main.future"));

      // getTables now says why each unreadable table is empty; readable tables keep their plain remark.
      Map<String, String> remarks = new TreeMap<>();
      try (ResultSet rs = md.getTables(null, null, "%", null)) {
        while (rs.next()) {
          remarks.put(rs.getString("TABLE_NAME"), rs.getString("REMARKS"));
        }
      }
      assertEquals("delta table", remarks.get("good"));
      assertEquals("iceberg table", remarks.get("ice"));
      for (String bad : List.of("future", "corrupt", "gone")) {
        assertTrue(remarks.get(bad).contains("cannot be read ("), remarks.toString());
      }
      assertTrue(remarks.get("future").contains("fluxCapacitor"), remarks.get("future"));

      // Per table, as a tool expands each node.
      for (String table : List.of("good", "ice", "future", "corrupt", "gone")) {
        ResultSet rs = md.getColumns(null, "main", table, "%");
        SQLWarning w = rs.getWarnings();
        Map<String, List<String>> one = columns(rs);
        if (table.equals("good") || table.equals("ice")) {
          assertNull(w, table);
          assertEquals(table.equals("good") ? DELTA_COLUMNS : ICEBERG_COLUMNS, one.get(table));
        } else {
          assertNotNull(w, table);
          assertTrue(one.isEmpty(), table);
        }
        assertEquals(0, drain(md.getPrimaryKeys(null, "main", table)));
        drain(md.getImportedKeys(null, "main", table));
        drain(md.getExportedKeys(null, "main", table));
        drain(md.getIndexInfo(null, "main", table, false, true));
        drain(md.getBestRowIdentifier(null, "main", table, DatabaseMetaData.bestRowSession, true));
        drain(md.getVersionColumns(null, "main", table));
        drain(md.getTablePrivileges(null, "main", table));
        drain(md.getColumnPrivileges(null, "main", table, "%"));
        drain(md.getPseudoColumns(null, "main", table, "%"));
      }
      assertTrue(drain(md.getTypeInfo()) > 0);
      drain(md.getFunctions(null, null, "%"));
      drain(md.getFunctionColumns(null, null, "%", "%"));
      drain(md.getProcedures(null, null, "%"));
      drain(md.getProcedureColumns(null, null, "%", "%"));
      drain(md.getClientInfoProperties());
      drain(md.getUDTs(null, null, "%", null));
      drain(md.getSuperTables(null, null, "%"));
      drain(md.getSuperTypes(null, null, "%"));
      drain(md.getAttributes(null, null, "%", "%"));

      // The connection still answers, and an unreadable table still fails loudly when queried.
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT sum(id), count(*) FROM good")) {
        assertTrue(rs.next());
        assertEquals(GOOD_ROWS.stream().mapToLong(r -> (Long) r[0]).sum(), ((Number) rs.getObject(1)).longValue());
        assertEquals(GOOD_ROWS.size(), rs.getLong(2));
      }
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT k FROM ice ORDER BY k")) {
        assertTrue(rs.next());
        assertEquals(ICE_ROWS.get(0)[0], rs.getInt(1));
        assertTrue(rs.next());
        assertEquals(ICE_ROWS.get(1)[0], rs.getInt(1));
        assertFalse(rs.next());
      }
      try (Statement s = c.createStatement()) {
        io.lakehouse.testing.SqlAssert.assertState(SqlState.NOT_SUPPORTED,
            () -> s.executeQuery("SELECT * FROM future").close());
      }
      assertFalse(c.isClosed());
      assertTrue(c.isValid(5));
    }
  }
}
