package io.lakehouse.sql;

import static io.lakehouse.testing.SqlAssert.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Found by fuzzing: a WHERE clause of a few thousand ORs parses (Calcite builds a left-deep tree in a loop) and
 * then overflowed the stack in the driver's tree walks, escaping as a raw StackOverflowError. Such a statement now
 * either runs or fails with 54001 (statement too complex), and the connection stays usable.
 */
class DeepStatementTest {
  @TempDir
  static Path dir;
  static Connection connection;
  static final List<Object[]> ROWS = List.of(new Object[] {1L, "a"}, new Object[] {2L, "b"}, new Object[] {3L, "c"});

  @BeforeAll
  static void open() throws SQLException {
    DeltaTestWriter.create(dir.resolve("t"), List.of(new Col("id", "long", false), Col.of("s", "string")))
        .append(ROWS);
    connection = DriverManager.getConnection("jdbc:lakehouse:" + dir);
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"id = 1 OR ", "id <> 0 AND ", "1 + ", "s || ", "("})
  void longOperatorChainsRunOrFailWith54001(String link) throws SQLException {
    String sql = link.equals("(") ? "SELECT count(*) FROM t WHERE " + "(".repeat(20_000) + "id = 1"
        + ")".repeat(20_000)
        : link.startsWith("id") ? "SELECT count(*) FROM t WHERE " + link.repeat(5_000) + "id = 1"
        : "SELECT count(" + link.repeat(5_000) + (link.startsWith("s") ? "s" : "id") + ") FROM t";
    for (boolean prepared : new boolean[] {false, true}) {
      try (Statement s = connection.createStatement()) {
        try (ResultSet rs = prepared ? connection.prepareStatement(sql).executeQuery() : s.executeQuery(sql)) {
          assertTrue(rs.next());
          long expected = link.startsWith("id = 1") || link.equals("(") ? 1 : ROWS.size();
          assertEquals(expected, rs.getLong(1));
        } catch (SQLException e) {
          assertState(SqlState.STATEMENT_TOO_COMPLEX, e);
        }
      }
    }
    try (PreparedStatement ps = connection.prepareStatement("SELECT count(*) FROM t WHERE id >= ?")) {
      ps.setLong(1, 0);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(ROWS.size(), rs.getLong(1));
      }
    }
  }
}
