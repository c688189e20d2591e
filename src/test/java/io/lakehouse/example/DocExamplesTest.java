package io.lakehouse.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every SQL example in the docs runs. Each fenced block whose info string starts with {@code sql} is one statement,
 * run on a fresh connection over the example lakehouse {@code bin/demo} creates (written here by the same code into a
 * temporary {@code example-lakehouse/}, so paths such as {@code delta_scan('example-lakehouse/sales')} are the ones a
 * reader of the docs has). A block that must succeed is {@code ```sql}; its rows are read to the end. A block meant
 * to fail is {@code ```sql error 0A000} and must fail with exactly that SQLState. Blocks in other languages, and
 * indented ones, are not run.
 */
class DocExamplesTest {
  /** The docs whose SQL examples run (paths relative to the project directory). */
  static final List<String> DOCS = List.of("README.md", "docs/sql.md", "docs/time-travel.md",
      "docs/troubleshooting.md");

  private static final Pattern FENCE = Pattern.compile("^```sql(?:\\s+error\\s+([0-9A-Z]{5}))?\\s*$");

  @TempDir
  static Path dir;
  static Path lakehouse;

  /** One example: where it is, its text, and the SQLState it must fail with (null: it must succeed). */
  record Example(String doc, int line, String sql, String expectedState) {
    @Override
    public String toString() {
      return doc + ":" + line;
    }
  }

  @BeforeAll
  static void createExampleLakehouse() {
    lakehouse = dir.resolve("example-lakehouse");
    ExampleLakehouse.create(lakehouse);
  }

  static List<Example> examples(String doc) throws IOException {
    Path file = Path.of(System.getProperty("basedir", ".")).resolve(doc);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = FENCE.matcher(lines.get(i));
      if (!m.matches()) {
        continue;
      }
      int start = i + 1;
      StringBuilder sql = new StringBuilder();
      for (i = start; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
        sql.append(lines.get(i)).append('\n');
      }
      out.add(new Example(doc, start + 1, sql.toString(), m.group(1)));
    }
    return out;
  }

  /** Runs the example; null when it behaved as the doc says, else what went wrong. */
  static String run(Example e) {
    String sql = e.sql().replace("'example-lakehouse/", "'" + lakehouse + "/");
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + lakehouse + "?time_zone=UTC");
        Statement s = c.createStatement()) {
      if (s.execute(sql)) {
        try (ResultSet rs = s.getResultSet()) {
          while (rs.next()) {
            for (int col = 1; col <= rs.getMetaData().getColumnCount(); col++) {
              rs.getObject(col);
            }
          }
        }
      }
      return e.expectedState() == null ? null : e + ": expected SQLState " + e.expectedState() + " but it ran";
    } catch (SQLException ex) {
      if (ex.getSQLState() != null && ex.getSQLState().equals(e.expectedState())) {
        return null;
      }
      return e + ": " + (e.expectedState() == null ? "failed" : "expected " + e.expectedState() + ", got")
          + " SQLState " + ex.getSQLState() + ": " + ex.getMessage();
    }
  }

  @Test
  void everySqlExampleInTheDocsBehavesAsDocumented() throws IOException {
    List<String> problems = new ArrayList<>();
    int count = 0;
    for (String doc : DOCS) {
      List<Example> examples = examples(doc);
      if (examples.isEmpty() && !doc.equals("README.md")) {
        problems.add(doc + " has no ```sql examples");
      }
      for (Example e : examples) {
        count++;
        String problem = run(e);
        if (problem != null) {
          problems.add(problem);
        }
      }
    }
    assertTrue(count > 20, "only " + count + " examples found");
    assertEquals(List.of(), problems, problems.size() + " of " + count + " doc examples misbehave");
  }

  /** The harness itself can fail: a wrong expected state and a broken statement are both reported. */
  @Test
  void harnessReportsMismatches() {
    assertTrue(run(new Example("t", 1, "SELECT count(*) FROM sales", null)) == null);
    assertTrue(run(new Example("t", 1, "SELECT count(*) FROM sales", "42000")) != null);
    assertTrue(run(new Example("t", 1, "SELECT * FROM no_such_table", null)) != null);
    assertTrue(run(new Example("t", 1, "SELECT * FROM no_such_table", "42S02")) == null);
  }
}
