package io.lakehouse.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.testing.IcebergTestWriter;
import io.lakehouse.testing.SqlAssert;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Iceberg refs by name in time travel, also names that look like snapshot ids: a tag named '2024' is reached by
 * {@code FOR VERSION AS OF '2024'} (no snapshot has that id), while a snapshot id wins over a ref of the same digits.
 */
class IcebergRefsTest {
  @TempDir
  Path dir;

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  @Test
  void refsWithDigitNames() throws Exception {
    IcebergTestWriter t = IcebergTestWriter.create(dir.resolve("lake/t"),
        new Schema(Types.NestedField.required(1, "id", Types.LongType.get())));
    long first = t.append(new Object[] {1L});
    t.append(new Object[] {2L}, new Object[] {3L});
    t.tag("2024", first);
    t.tag("v1", first);
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("lake"));
        Statement s = c.createStatement()) {
      assertEquals(3, count(s, "SELECT count(*) FROM t"));
      assertEquals(1, count(s, "SELECT count(*) FROM t FOR VERSION AS OF '2024'"));
      assertEquals(1, count(s, "SELECT count(*) FROM t FOR VERSION AS OF 2024"));
      assertEquals(1, count(s, "SELECT count(*) FROM t FOR VERSION AS OF 'v1'"));
      assertEquals(1, count(s, "SELECT count(*) FROM t FOR VERSION AS OF " + first));
      SqlAssert.assertState(SqlState.INVALID_ARGUMENT, () -> count(s, "SELECT count(*) FROM t FOR VERSION AS OF 2025"));
    }
  }
}
