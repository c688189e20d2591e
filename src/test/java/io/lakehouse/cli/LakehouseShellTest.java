package io.lakehouse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakehouse.SqlState;
import io.lakehouse.conformance.SparkFixtureCatalog;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell run as a user runs it, in a child JVM with {@code -e}, {@code -f} and standard input: exit statuses,
 * one-line errors, and the shape of every output format. Expected values come from the Spark fixtures' answers or
 * from plain DuckDB running the same query.
 */
class LakehouseShellTest {
  /** Values that stress each format: delimiters, quotes, line breaks, empty strings and NULLs of several types. */
  private static final String AWKWARD = "SELECT * FROM (VALUES "
      + "(1, 'a,b', 'say \"hi\"', 'two' || chr(10) || 'lines', '', CAST(NULL AS VARCHAR), CAST(NULL AS INTEGER), "
      + "DATE '2024-01-02', CAST(1.50 AS DECIMAL(5, 2)), 'tab' || chr(9) || 'in'), "
      + "(2, ' padded ', 'x', 'y', 'z', 'not null', 7, CAST(NULL AS DATE), CAST(NULL AS DECIMAL(5, 2)), 'plain')) "
      + "AS t(id, comma, quote, nl, empty, n_text, n_int, d, dec, tab) ORDER BY id";

  @TempDir
  Path dir;

  private ShellProcess.Result shell(String... args) {
    return ShellProcess.run(dir, "", args);
  }

  private String catalog() {
    return SparkFixtureCatalog.load(dir).catalogFile().toString();
  }

  /** Plain DuckDB's answer to a query, every value as DuckDB's own VARCHAR (null for NULL). */
  private static List<List<String>> duckDb(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rows(rs);
    }
  }

  private static List<List<String>> rows(ResultSet rs) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      List<String> row = new ArrayList<>();
      for (int c = 1; c <= n; c++) {
        row.add(rs.getString(c));
      }
      rows.add(row);
    }
    return rows;
  }

  /** The shell's CSV / TSV output read back by DuckDB's CSV reader (RFC 4180 quoting, "" is an empty string). */
  private List<List<String>> readBack(String text, String delimiter) throws Exception {
    Path file = Files.writeString(dir.resolve("out-" + System.nanoTime() + ".csv"), text);
    return duckDb("SELECT * FROM read_csv('" + file + "', header = true, all_varchar = true, delim = '" + delimiter
        + "', quote = '\"', escape = '\"', allow_quoted_nulls = false, auto_detect = false, columns = {"
        + "'id': 'VARCHAR', 'comma': 'VARCHAR', 'quote': 'VARCHAR', 'nl': 'VARCHAR', 'empty': 'VARCHAR', "
        + "'n_text': 'VARCHAR', 'n_int': 'VARCHAR', 'd': 'VARCHAR', 'dec': 'VARCHAR', 'tab': 'VARCHAR'})");
  }

  @Test
  void runsStatementsAndPrintsTheReadersAnswer() {
    SparkFixtureCatalog fixtures = SparkFixtureCatalog.load(dir);
    String expected = fixtures.rows("dv_aggregate").get(0).get(0);
    ShellProcess.Result r = shell(fixtures.catalogFile().toString(), "-e", "SELECT count(*) AS cnt FROM dv_table",
        "-e", "SELECT 'second statement' AS s");
    assertEquals(0, r.exit(), r.describe());
    assertTrue(r.out().lines().anyMatch(l -> l.matches("\\|\\s+" + expected + " \\|")), r.describe());
    assertTrue(r.out().contains("| second statement |"), r.describe());
    assertEquals("", r.err(), r.describe());
  }

  @Test
  void csvAndTsvAreWhatDuckDbsCsvReaderReadsBackAsTheQuerysValues() throws Exception {
    String catalog = catalog();
    List<List<String>> expected = duckDb(AWKWARD);
    ShellProcess.Result csv = shell(catalog, "--format", "csv", "-e", AWKWARD);
    assertEquals(0, csv.exit(), csv.describe());
    assertTrue(csv.out().startsWith("id,comma,quote,nl,empty,n_text,n_int,d,dec,tab\n"), csv.describe());
    assertTrue(csv.out().contains(",\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"\",,,2024-01-02,1.50,"),
        csv.describe());
    assertEquals(expected, readBack(csv.out(), ","));
    ShellProcess.Result tsv = shell(catalog, "--format", "tsv", "-e", AWKWARD);
    assertEquals(0, tsv.exit(), tsv.describe());
    assertEquals(expected, readBack(tsv.out(), "\\t"));
  }

  @Test
  void jsonIsOneObjectPerRowWithJsonNullsNumbersAndNesting() throws Exception {
    String sql = AWKWARD.replace("ORDER BY id", "") + " , (SELECT [1, NULL, 3] AS list, {'k': 'v', 'n': NULL} AS st) "
        + "ORDER BY id";
    List<List<String>> expected = duckDb(AWKWARD);
    ShellProcess.Result r = shell(catalog(), "--format", "json", "-e", sql);
    assertEquals(0, r.exit(), r.describe());
    List<String> lines = r.out().lines().toList();
    assertEquals(expected.size(), lines.size(), r.describe());
    String[] names = {"id", "comma", "quote", "nl", "empty", "n_text", "n_int", "d", "dec", "tab"};
    ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    for (int i = 0; i < lines.size(); i++) {
      JsonNode row = json.readTree(lines.get(i));
      assertEquals(names.length + 2, row.size(), lines.get(i));
      for (int c = 0; c < names.length; c++) {
        JsonNode v = row.get(names[c]);
        String want = expected.get(i).get(c);
        if (want == null) {
          assertTrue(v.isNull(), names[c] + " in " + lines.get(i));
        } else if (v.isNumber()) {
          assertEquals(0, new BigDecimal(want).compareTo(v.decimalValue()), names[c] + " in " + lines.get(i));
        } else {
          assertEquals(want, v.asText(), names[c] + " in " + lines.get(i));
        }
      }
      assertTrue(row.get("id").isIntegralNumber(), lines.get(i));
      assertTrue(row.get("list").isArray() && row.get("list").get(1).isNull(), lines.get(i));
      assertEquals("v", row.get("st").get("k").asText(), lines.get(i));
      assertTrue(row.get("st").get("n").isNull(), lines.get(i));
    }
    assertTrue(lines.get(0).contains("\"dec\":1.50"), "decimals are JSON numbers: " + lines.get(0));
  }

  @Test
  void nullIsShownOneWayForEveryType() {
    String[] types = {"INTEGER", "BIGINT", "VARCHAR", "DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "DOUBLE",
        "DECIMAL(10, 2)", "BOOLEAN", "BLOB", "INTEGER ARRAY", "ROW(a INTEGER)", "UUID", "TIME", "INTERVAL"};
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < types.length; i++) {
      sql.append("CAST(NULL AS ").append(types[i]).append(") AS c").append(i).append(", ");
    }
    sql.append("CASE WHEN false THEN [1] END AS list, CASE WHEN false THEN {'a': 1} END AS struct, ")
        .append("CASE WHEN false THEN map([1], [2]) END AS map");
    int columns = types.length + 3;
    String catalog = catalog();
    ShellProcess.Result table = shell(catalog, "-e", sql.toString());
    assertEquals(0, table.exit(), table.describe());
    String row = table.out().lines().toList().get(3);
    assertEquals(("| NULL ".repeat(columns) + "|").replaceAll("\\s+", " "), row.replaceAll("\\s+", " "),
        table.describe());
    ShellProcess.Result custom = shell(catalog, "--null-value", "<null>", "-e", sql.toString());
    assertEquals(columns, custom.out().lines().toList().get(3).split("<null>", -1).length - 1,
        custom.describe());
    ShellProcess.Result csv = shell(catalog, "--format", "csv", "-e", sql.toString());
    assertEquals(",".repeat(columns - 1), csv.out().lines().toList().get(1), csv.describe());
  }

  @Test
  void longValuesAreShownWholeOrCutWithAMarkerAndANote() throws Exception {
    String sql = "SELECT repeat('x', 5000) || 'END' AS v, 'short' AS s";
    String whole = duckDb(sql).get(0).get(0);
    String catalog = catalog();
    ShellProcess.Result r = shell(catalog, "-e", sql);
    assertEquals(0, r.exit(), r.describe());
    assertTrue(r.out().contains("| " + whole + " | short |"), r.describe());
    ShellProcess.Result cut = shell(catalog, "--max-width", "40", "-e", sql);
    assertEquals(0, cut.exit(), cut.describe());
    assertFalse(cut.out().contains("END"), cut.describe());
    assertTrue(cut.out().contains("| " + "x".repeat(39) + TableWriter.CUT + " | short |"), cut.describe());
    assertTrue(cut.out().contains("cut, marked " + TableWriter.CUT), cut.describe());
  }

  @Test
  void aSyntaxErrorIsOneLineWithItsSqlStateAndPositionAndStopsTheRest() {
    String catalog = catalog();
    ShellProcess.Result r = shell(catalog, "-e", "SELECT 1 AS first", "-e", "SELECT *\nFROM dv_table WHERE",
        "-e", "SELECT 3 AS third");
    assertEquals(1, r.exit(), r.describe());
    assertEquals(1, r.errLines().size(), r.describe());
    assertTrue(r.err().startsWith("ERROR " + SqlState.SYNTAX.code() + ": "), r.describe());
    assertTrue(r.err().contains("line 2, column"), r.describe());
    assertTrue(r.out().contains("first"), r.describe());
    assertFalse(r.out().contains("third"), "statements after the failure do not run: " + r.describe());
    ShellProcess.Result verbose = shell(catalog, "--verbose", "-e", "SELECT * FROM no_such_table");
    assertEquals(1, verbose.exit(), verbose.describe());
    assertTrue(verbose.err().startsWith("ERROR " + SqlState.UNKNOWN_TABLE.code() + ": "), verbose.describe());
    assertTrue(verbose.err().contains("no_such_table"), verbose.describe());
    assertTrue(verbose.errLines().stream().anyMatch(l -> l.strip().startsWith("at io.lakehouse.")),
        "--verbose adds the stack trace: " + verbose.describe());
  }

  @Test
  void aMissingOrBrokenCatalogExitsNonZeroWithOneLine() throws Exception {
    Path missing = dir.resolve("no-such-catalog.yaml");
    ShellProcess.Result r = shell(missing.toString(), "-e", "SELECT 1");
    assertEquals(LakehouseShell.NO_CATALOG, r.exit(), r.describe());
    assertEquals(List.of("ERROR " + SqlState.CONNECTION_FAILED.code() + ": catalog not found: " + missing
        + " (give a catalog file or a lakehouse directory)"), r.errLines());
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "tables: [\n");
    ShellProcess.Result b = shell(broken.toString(), "-e", "SELECT 1");
    assertEquals(LakehouseShell.NO_CATALOG, b.exit(), b.describe());
    assertEquals(1, b.errLines().size(), b.describe());
    assertTrue(b.err().startsWith("ERROR "), b.describe());
    assertEquals("", b.out(), b.describe());
  }

  @Test
  void runsScriptFilesAndStandardInput() throws Exception {
    String catalog = catalog();
    Path script = Files.writeString(dir.resolve("script.sql"), """
        -- a comment; with a semicolon
        SELECT 'a;b' AS first;
        /* another; */ SELECT 2 AS second;
        """);
    ShellProcess.Result r = shell(catalog, "--format", "csv", "-f", script.toString(), "-e", "SELECT 3 AS third");
    assertEquals(0, r.exit(), r.describe());
    assertEquals(List.of("first", "a;b", "second", "2", "third", "3"), r.out().lines().toList(), r.describe());
    Path failing = Files.writeString(dir.resolve("failing.sql"), "SELECT 1 AS ok;\n\nSELEC 2;\nSELECT 3 AS never;\n");
    ShellProcess.Result f = shell(catalog, "-f", failing.toString());
    assertEquals(1, f.exit(), f.describe());
    assertTrue(f.err().startsWith("ERROR " + SqlState.SYNTAX.code() + ": "), f.describe());
    assertEquals(1, f.errLines().size(), f.describe());
    assertTrue(f.err().strip().endsWith("(in " + failing + ", the statement at line 3)"), f.describe());
    assertFalse(f.out().contains("never"), f.describe());
    ShellProcess.Result in = ShellProcess.run(dir, "SELECT 40 + 2 AS answer;\nSELECT 'x' AS s", catalog,
        "--format", "tsv");
    assertEquals(0, in.exit(), in.describe());
    assertEquals(List.of("answer", "42", "s", "x"), in.out().lines().toList(), in.describe());
  }

  @Test
  void helpVersionAndBadCommandLines() {
    ShellProcess.Result help = shell("--help");
    assertEquals(0, help.exit(), help.describe());
    assertTrue(help.out().startsWith("usage: lakehouse-shell"), help.describe());
    ShellProcess.Result version = shell("--version");
    assertEquals(0, version.exit(), version.describe());
    assertTrue(version.out().startsWith("lakehouse-shell "), version.describe());
    for (String[] bad : List.of(new String[0], new String[] {"x", "--format", "xml"}, new String[] {"x", "--bogus"},
        new String[] {"x", "-e"})) {
      ShellProcess.Result r = shell(bad);
      assertEquals(LakehouseShell.USAGE, r.exit(), String.join(" ", bad) + ": " + r.describe());
      assertEquals(1, r.errLines().size(), r.describe());
    }
  }
}
