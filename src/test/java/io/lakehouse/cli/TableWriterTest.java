package io.lakehouse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Table layout over more rows than one block: a wider later block widens the columns; every row is aligned. */
class TableWriterTest {
  @Test
  void aWiderLaterBlockReprintsTheHeaderAndEveryRowStaysWholeAndAligned() throws Exception {
    int rows = TableWriter.BLOCK * 2 + 500;
    int wideAt = TableWriter.BLOCK + 500;
    String sql = "SELECT x, CASE WHEN x = " + wideAt + " THEN repeat('w', 30) ELSE 'n' END AS v FROM range(1, "
        + (rows + 1) + ") t(x) ORDER BY x";
    List<String> expectedV = new ArrayList<>();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long printed;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          expectedV.add(rs.getString(2));
        }
      }
      try (ResultSet rs = s.executeQuery(sql)) {
        printed = new TableWriter(new PrintStream(bytes, true, StandardCharsets.UTF_8), "NULL", 0).write(rs,
            () -> false);
      }
    }
    assertEquals(rows, printed);
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals("(" + rows + " rows)", lines.get(lines.size() - 1));
    String border = null;
    List<String> values = new ArrayList<>();
    int headers = 0;
    for (String line : lines.subList(0, lines.size() - 1)) {
      if (line.startsWith("+")) {
        border = line;
        continue;
      }
      assertEquals(border.length(), line.length(), "aligned with the border above: " + line);
      String[] cells = line.substring(1, line.length() - 1).split("\\|");
      if (cells[0].strip().equals("x")) {
        headers++;
        continue;
      }
      assertEquals(values.size() + 1, Integer.parseInt(cells[0].strip()), line);
      values.add(cells[1].strip());
    }
    assertEquals(expectedV, values);
    assertEquals(2, headers, "the header again where the wide block starts");
    assertTrue(lines.get(0).length() < border.length());
  }
}
