package io.lakehouse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.conformance.SparkFixtureCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell on a pseudo-terminal (util-linux {@code script}), typed into as a user would: a query
 * over several lines, a long query with its progress line cancelled by Ctrl-C, the prompt back and working, Ctrl-D.
 */
class InteractiveShellTest {
  private static final String PROMPT = Pattern.quote(InteractiveShell.PROMPT);

  @TempDir
  Path dir;

  @Test
  void typedQueriesRunCtrlCCancelsTheRunningOneAndCtrlDExits() throws Exception {
    SparkFixtureCatalog fixtures = SparkFixtureCatalog.load(dir);
    String count = fixtures.rows("dv_aggregate").get(0).get(0);
    try (ShellProcess.Terminal t = new ShellProcess.Terminal(dir, fixtures.catalogFile().toString())) {
      t.await(Pattern.compile(PROMPT), 120);

      t.type("SELECT count(*) AS cnt\r");
      t.await(Pattern.compile(Pattern.quote(InteractiveShell.CONTINUATION)), 30);
      t.type("FROM dv_table;\r");
      String result = t.await(Pattern.compile("\\|\\s+" + count + " \\|.*\\(1 row\\)\\s*\\n" + PROMPT,
          Pattern.DOTALL), 60);
      assertTrue(result.contains("| cnt"), result);

      // Long enough for the progress line (a table is planned: its files show), then cancelled.
      t.type("SELECT count(*) AS n FROM dv_table, generate_series(1, 1000000) AS a(x), "
          + "generate_series(1, 1000000) AS b(y) WHERE x + y = 0;\r");
      String progress = t.await(Pattern.compile("running \\d+\\.\\d s · 1 table, \\d+ files?, .+ planned"), 60);
      t.type("\u0003");
      String cancelled = t.await(Pattern.compile("ERROR " + SqlState.CANCELLED.code() + ": .*\\n" + PROMPT,
          Pattern.DOTALL), 30);
      assertTrue(cancelled.lines().noneMatch(l -> l.strip().startsWith("at ")), cancelled);

      t.type("SELECT 'after cancel' AS msg;\r");
      t.await(Pattern.compile("\\| after cancel \\|.*" + PROMPT, Pattern.DOTALL), 60);

      t.type("SELEC 1;\r");
      t.await(Pattern.compile("ERROR " + SqlState.SYNTAX.code() + ": .*line 1, column 1.*\\n" + PROMPT,
          Pattern.DOTALL), 60);

      t.type("\u0004");
      assertEquals(0, t.awaitExit(30), progress);
    }
    String history = Files.readString(dir.resolve(".lakehouse_shell_history"));
    assertTrue(history.contains("after cancel"), history);
  }
}
