package io.lakehouse.engine;

import static io.lakehouse.testing.SqlAssert.assertState;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lakehouse.SqlState;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB's error classes map to SQLStates (found by SqlFuzzTest: "Not implemented Error" came out as HY000). */
class DuckDbErrorsTest {
  @TempDir
  Path dir;

  private SQLException failure(String sql) throws SQLException {
    try (DuckDbEngine engine = DuckDbEngine.start(new EngineSettings(List.of(dir), dir.resolve("tmp"), 1, null,
        "UTC")); EngineSession session = engine.newSession()) {
      SQLException e = assertThrows(SQLException.class, () -> session.query(sql, List.of()).next());
      return DuckDbErrors.translate(e, 0, 0);
    }
  }

  @Test
  void notImplementedIsNotSupported() throws SQLException {
    assertState(SqlState.NOT_SUPPORTED, failure("VALUES ('a'), (X'00FF')"));
  }

  @Test
  void conversion() throws SQLException {
    assertState(SqlState.INVALID_CAST, failure("SELECT CAST('x' AS INTEGER)"));
  }

  @Test
  void internalAndFatalErrorsAreEngineFailures() {
    for (String m : List.of("INTERNAL Error: Attempted to access index 2 within vector of size 2",
        "FATAL Error: Failed: database has been invalidated because of a previous fatal error.")) {
      SQLException e = new SQLException(m);
      org.junit.jupiter.api.Assertions.assertTrue(DuckDbErrors.isFatal(e), m);
      assertState(SqlState.INTERNAL_ERROR, DuckDbErrors.translate(e, 0, 0));
    }
    org.junit.jupiter.api.Assertions.assertFalse(DuckDbErrors.isFatal(new SQLException("Binder Error: x")));
  }
}
