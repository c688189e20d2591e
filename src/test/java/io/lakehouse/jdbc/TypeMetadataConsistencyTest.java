package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * getColumns and the result metadata of {@code SELECT *} describe every column of a table Delta Kernel wrote (one
 * column per type the writer has) the same way: type code, type name, size, scale; text and binary sizes are
 * Integer.MAX_VALUE in both; getTypeInfo lists every type name a column has, and the nested and wide types results
 * can have.
 */
class TypeMetadataConsistencyTest {
  @TempDir
  static Path dir;

  private static final List<String> TYPES = List.of("boolean", "byte", "short", "int", "long", "float", "double",
      "string", "binary", "date", "timestamp", "timestamp_ntz", "decimal(10,2)", "decimal(38,6)");

  @Test
  void getColumnsAndResultMetadataAgree() throws Exception {
    List<Col> cols = new ArrayList<>();
    for (int i = 0; i < TYPES.size(); i++) {
      cols.add(Col.of("c" + i, TYPES.get(i)));
    }
    DeltaTestWriter.create(dir.resolve("lake/all_types"), cols);
    Path catalog = dir.resolve("catalog.yaml");
    Files.writeString(catalog, "tables:\n  all_types: { format: delta, location: lake/all_types }\n");
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + catalog)) {
      DatabaseMetaData md = c.getMetaData();
      Set<String> typeInfo = new HashSet<>();
      try (ResultSet rs = md.getTypeInfo()) {
        while (rs.next()) {
          typeInfo.add(rs.getString("TYPE_NAME"));
        }
      }
      for (String wanted : List.of("ARRAY", "STRUCT", "MAP", "INTERVAL", "HUGEINT")) {
        assertTrue(typeInfo.contains(wanted), wanted + " in getTypeInfo " + typeInfo);
      }
      try (Statement s = c.createStatement(); ResultSet result = s.executeQuery("SELECT * FROM all_types");
          ResultSet columns = md.getColumns(null, null, "all_types", null)) {
        ResultSetMetaData rm = result.getMetaData();
        assertEquals(TYPES.size(), rm.getColumnCount());
        for (int i = 1; i <= rm.getColumnCount(); i++) {
          assertTrue(columns.next());
          String what = TYPES.get(i - 1) + " column " + rm.getColumnName(i);
          assertEquals(rm.getColumnName(i), columns.getString("COLUMN_NAME"), what);
          assertEquals(rm.getColumnType(i), columns.getInt("DATA_TYPE"), what);
          assertEquals(rm.getColumnTypeName(i), columns.getString("TYPE_NAME"), what);
          int size = columns.getInt("COLUMN_SIZE");
          assertEquals(rm.getPrecision(i), size, what);
          if (rm.getColumnType(i) == java.sql.Types.VARCHAR || rm.getColumnType(i) == java.sql.Types.VARBINARY) {
            assertEquals(Integer.MAX_VALUE, size, what);
          }
          int digits = columns.getInt("DECIMAL_DIGITS");
          if (!columns.wasNull()) {
            assertEquals(rm.getScale(i), digits, what);
          }
          String name = columns.getString("TYPE_NAME");
          assertTrue(typeInfo.contains(name) || name.startsWith("DECIMAL") || name.startsWith("TIMESTAMP"),
              what + ": " + name + " in getTypeInfo " + typeInfo);
        }
      }
    }
  }
}
