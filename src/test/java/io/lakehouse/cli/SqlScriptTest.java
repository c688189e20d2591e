package io.lakehouse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
  @Test
  void splitsAtSemicolonsOutsideQuotesAndComments() {
    List<SqlScript.Statement> s = SqlScript.split(
        "SELECT 'a;b' AS \"x;y\";\n-- c; d\n/* e; */ SELECT 2;\n\n  SELECT 'it''s; here'  ;;\n-- trailing");
    assertEquals(List.of("SELECT 'a;b' AS \"x;y\"", "-- c; d\n/* e; */ SELECT 2", "SELECT 'it''s; here'"),
        s.stream().map(SqlScript.Statement::sql).toList());
    assertEquals(List.of(1, 2, 5), s.stream().map(SqlScript.Statement::line).toList());
  }

  @Test
  void aStatementIsCompleteWhenItEndsWithASemicolonOutsideQuotes() {
    assertTrue(SqlScript.isComplete("SELECT 1;"));
    assertTrue(SqlScript.isComplete("SELECT 1; -- done"));
    assertTrue(SqlScript.isComplete("quit"));
    assertTrue(SqlScript.isComplete(""));
    assertFalse(SqlScript.isComplete("SELECT 1"));
    assertFalse(SqlScript.isComplete("SELECT ';"));
    assertFalse(SqlScript.isComplete("SELECT 1 /* ; */"));
    assertFalse(SqlScript.isComplete("SELECT 1; SELECT 2"));
  }
}
