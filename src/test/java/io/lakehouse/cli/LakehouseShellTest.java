package io.lakehouse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.conformance.SparkFixtureCatalog;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell's one-off mode: statements run, results printed, exit status tells failure. */
class LakehouseShellTest {
  @TempDir
  Path dir;

  private static String[] run(String... args) throws Exception {
    PrintStream out = System.out;
    PrintStream err = System.err;
    InputStream in = System.in;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
      System.setIn(InputStream.nullInputStream());
      int status = LakehouseShell.run(args);
      return new String[] {String.valueOf(status), captured.toString(StandardCharsets.UTF_8),
          capturedErr.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setOut(out);
      System.setErr(err);
      System.setIn(in);
    }
  }

  @Test
  void runsStatementsAndPrintsResults() throws Exception {
    SparkFixtureCatalog fixtures = SparkFixtureCatalog.load(dir);
    String expected = fixtures.rows("dv_aggregate").get(0).get(0);
    String[] r = run(fixtures.catalogFile().toString(), "-e",
        "SELECT count(*) AS cnt FROM dv_table", "-e", "SELECT 'second statement' AS s");
    assertEquals("0", r[0], r[1] + r[2]);
    assertTrue(r[1].contains("| " + expected + " "), r[1]);
    assertTrue(r[1].contains("second statement"), r[1]);
  }

  @Test
  void failingStatementGivesNonZeroStatusAndTheMessage() throws Exception {
    SparkFixtureCatalog fixtures = SparkFixtureCatalog.load(dir);
    String[] r = run(fixtures.catalogFile().toString(), "-e", "SELECT * FROM no_such_table");
    assertNotEquals("0", r[0]);
    assertTrue((r[1] + r[2]).contains("no_such_table"), r[1] + r[2]);
  }

  @Test
  void usageWithoutArguments() throws Exception {
    assertEquals("2", run()[0]);
  }
}
