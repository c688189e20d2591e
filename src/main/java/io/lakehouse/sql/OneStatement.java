package io.lakehouse.sql;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import java.sql.SQLException;
import java.util.List;

/**
 * The one statement of an execute: the user's text with its trailing semicolons blanked out (so every position
 * stays where it was), and its tokens without them. Comments and whitespace may follow the semicolons; another
 * statement may not.
 */
record OneStatement(String text, List<SqlTokens.Token> tokens) {

  /**
   * @param tokens the text's tokens (comments, strings and quoted identifiers already whole, so a {@code ;} inside
   *     them is no separator)
   * @throws SQLException 42000 when a second statement follows, at its first token; 42000 when only semicolons
   *     remain
   */
  static OneStatement of(String sql, List<SqlTokens.Token> tokens) throws SQLException {
    int end = separator(tokens);
    if (end == tokens.size()) {
      return new OneStatement(sql, tokens);
    }
    char[] text = sql.toCharArray();
    for (int i = end; i < tokens.size(); i++) {
      SqlTokens.Token t = tokens.get(i);
      if (!t.text().equals(";")) {
        int[] at = TimeTravelSyntax.lineColumn(sql, t.start());
        throw new LakehouseSqlException("Syntax error: lakehouse-jdbc runs one statement at a time; another "
            + "statement follows the ';'. Run each statement in its own execute", SqlState.SYNTAX,
            at[0], at[1], null);
      }
      text[t.start()] = ' ';
    }
    if (end == 0) {
      throw new LakehouseSqlException("Empty SQL statement", SqlState.SYNTAX);
    }
    return new OneStatement(new String(text), tokens.subList(0, end));
  }

  /** Index of the first {@code ;} outside brackets (a {@code ;} inside them is the parser's to report), or size. */
  private static int separator(List<SqlTokens.Token> tokens) {
    int depth = 0;
    for (int i = 0; i < tokens.size(); i++) {
      SqlTokens.Token t = tokens.get(i);
      if (t.kind() != SqlTokens.Kind.SYMBOL) {
        continue;
      }
      switch (t.text()) {
        case "(", "[", "{" -> depth++;
        case ")", "]", "}" -> depth = Math.max(0, depth - 1);
        case ";" -> {
          if (depth == 0) {
            return i;
          }
        }
        default -> { }
      }
    }
    return tokens.size();
  }
}
