package io.lakehouse.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine's own lock-down, tested below the SQL policy (statements sent straight to DuckDB): even SQL that
 * got past the driver's checks cannot read outside the allowed directories or unlock the configuration.
 */
class DuckDbSandboxTest {
  @TempDir
  Path allowed;
  @TempDir
  Path outside;

  private DuckDbEngine engine() throws SQLException {
    return DuckDbEngine.start(new EngineSettings(List.of(allowed), allowed.resolve("tmp"), 1, "256MB", "UTC"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SET enable_external_access = true",
      "SET allowed_directories = ['/']",
      "SET lock_configuration = false",
      "INSTALL httpfs",
      "LOAD httpfs",
      "SELECT * FROM read_csv('/etc/passwd')",
      "SELECT * FROM read_text('/etc/hostname')",
      "SELECT * FROM read_csv('${outside}/secret.csv')",
      "ATTACH '${outside}/x.db' AS x",
      "COPY (SELECT 1) TO '${outside}/out.csv'",
      "SELECT * FROM read_csv('${allowed}/../${outsideName}/secret.csv')"})
  void refusedByDuckDb(String sql) throws Exception {
    Files.writeString(outside.resolve("secret.csv"), "a\n1\n");
    String s = sql.replace("${outside}", outside.toString()).replace("${allowed}", allowed.toString())
        .replace("${outsideName}", allowed.getParent().relativize(outside).toString());
    try (DuckDbEngine engine = engine(); EngineSession session = engine.newSession()) {
      assertThrows(SQLException.class, () -> session.query(s, List.of()).next(), s);
      // the session and the engine stay usable
      try (EngineSession again = engine.newSession(); ResultSet rs = again.query("SELECT 42", List.of())) {
        assertTrue(rs.next());
        assertEquals(42, rs.getInt(1));
      }
    }
    assertTrue(Files.notExists(outside.resolve("out.csv")));
  }

  @Test
  void readsInsideTheAllowedDirectory() throws Exception {
    Files.writeString(allowed.resolve("ok.csv"), "a\n7\n");
    try (DuckDbEngine engine = engine(); EngineSession session = engine.newSession();
        ResultSet rs = session.query("SELECT a FROM read_csv($1)", List.of(allowed.resolve("ok.csv").toString()))) {
      assertTrue(rs.next());
      assertEquals(7, rs.getInt(1));
    }
  }

  @Test
  void settingsAreRenderedAsLiterals() {
    List<String> sql = DuckDbEngine.sandbox(new EngineSettings(List.of(Path.of("/data/it's")), Path.of("/tmp/x"),
        null, null, "UTC"));
    assertTrue(sql.stream().anyMatch(s -> s.contains("'/data/it''s/'")), sql.toString());
    assertEquals("SET lock_configuration = true", sql.get(sql.size() - 1));
  }
}
