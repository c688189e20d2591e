package io.lakehouse.sql;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Recognises the read statements that are not queries, DESCRIBE and SHOW, and says how the pipeline runs them:
 * <ul>
 *   <li>{@code DESCRIBE | DESC <table> [time travel]} and {@code SHOW COLUMNS FROM | IN <table> [time travel]}:
 *       the keywords become {@code SELECT * FROM}, so the table reference is bound, time-travelled and
 *       access-checked exactly as in a query, and DuckDB describes the rendered query;</li>
 *   <li>{@code DESCRIBE | DESC <query>} (SELECT, WITH, VALUES, TABLE, FROM-first, or any of them in
 *       parentheses): the keyword is blanked out and the query described;</li>
 *   <li>{@code SHOW TABLES [FROM | IN schema]}, {@code SHOW SCHEMAS}: a {@link CatalogListing}.</li>
 * </ul>
 * Replacing the head through the time-travel rewrite's edit list keeps error positions in the user's text.
 */
record ReadStatement(int headStart, int headEnd, String head, CatalogListing.Kind listing, List<String> schemaParts,
    List<Boolean> schemaQuoted, int[] schemaAt) {
  private static final Set<String> QUERY_STARTS = Set.of("SELECT", "WITH", "VALUES", "TABLE", "FROM");
  static final String SELECT_ALL = "SELECT * FROM";

  boolean isListing() {
    return listing != null;
  }

  /** The statement's form, or null when it is not DESCRIBE / DESC / SHOW. */
  static ReadStatement of(String sql, List<SqlTokens.Token> tokens) throws SQLException {
    SqlTokens.Token first = tokens.get(0);
    if (first.isWord("DESCRIBE") || first.isWord("DESC")) {
      if (tokens.size() < 2) {
        throw syntax(sql, first.end(), "DESCRIBE needs a table or a query");
      }
      SqlTokens.Token next = tokens.get(1);
      boolean query = next.text().equals("(") || (next.kind() == SqlTokens.Kind.WORD
          && QUERY_STARTS.contains(next.upper()));
      // A query keeps its own text (the keyword becomes blanks); a table becomes SELECT * FROM <table>.
      return new ReadStatement(first.start(), first.end(), query ? " ".repeat(first.end() - first.start())
          : SELECT_ALL, null, null, null, null);
    }
    if (!first.isWord("SHOW")) {
      return null;
    }
    if (tokens.size() < 2) {
      throw syntax(sql, first.end(), "SHOW needs TABLES, SCHEMAS or COLUMNS FROM <table>");
    }
    SqlTokens.Token what = tokens.get(1);
    if (what.isWord("COLUMNS")) {
      if (tokens.size() < 4 || !(tokens.get(2).isWord("FROM") || tokens.get(2).isWord("IN"))) {
        throw syntax(sql, tokens.size() > 2 ? tokens.get(2).start() : what.end(),
            "expected SHOW COLUMNS FROM <table>");
      }
      return new ReadStatement(first.start(), tokens.get(2).end(), SELECT_ALL, null, null, null, null);
    }
    if (what.isWord("SCHEMAS")) {
      if (tokens.size() > 2) {
        throw syntax(sql, tokens.get(2).start(), "SHOW SCHEMAS takes nothing after it");
      }
      return new ReadStatement(0, 0, null, CatalogListing.Kind.SCHEMAS, null, null, null);
    }
    if (what.isWord("TABLES")) {
      if (tokens.size() == 2) {
        return new ReadStatement(0, 0, null, CatalogListing.Kind.TABLES, null, null, null);
      }
      if (!(tokens.get(2).isWord("FROM") || tokens.get(2).isWord("IN")) || tokens.size() < 4) {
        throw syntax(sql, tokens.get(2).start(), "expected SHOW TABLES [FROM | IN <schema>]");
      }
      int[] bad = {0};
      SqlTokens.DottedName name = SqlTokens.dottedName(tokens, 3, tokens.size(), bad);
      if (name == null) {
        throw syntax(sql, tokens.get(bad[0]).start(), "expected a schema name");
      }
      return new ReadStatement(0, 0, null, CatalogListing.Kind.TABLES, name.parts(), name.quoted(),
          TimeTravelSyntax.lineColumn(sql, tokens.get(3).start()));
    }
    int[] at = TimeTravelSyntax.lineColumn(sql, what.start());
    throw new LakehouseSqlException("SHOW " + what.text() + " is not supported; use SHOW TABLES, SHOW SCHEMAS or "
        + "SHOW COLUMNS FROM <table>", SqlState.NOT_SUPPORTED, at[0], at[1], null);
  }

  private static SQLException syntax(String sql, int offset, String message) {
    int[] at = TimeTravelSyntax.lineColumn(sql, offset);
    return new LakehouseSqlException("Syntax error: " + message, SqlState.SYNTAX, at[0], at[1], null);
  }
}
