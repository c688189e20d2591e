package io.lakehouse.sql;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.config.ConnectionProperties;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.List;

/**
 * The session settings SQL may change: the time zone, as DuckDB, PostgreSQL and Trino users write it
 * ({@code SET TimeZone = 'Europe/Berlin'}, {@code SET time_zone = 'UTC'}, {@code SET TIME ZONE 'UTC'},
 * {@code SET SESSION time_zone TO '+02:00'}), which changes the connection's {@code time_zone} property; and the
 * current schema ({@code USE schema}, {@code USE catalog.schema}), as {@code Connection.setSchema}. Every other
 * SET stays refused as a statement that is not a read (25006).
 */
public final class SessionStatement {
  private SessionStatement() {}

  /** {@code USE [catalog.]schema}: the name parts as written, whether each was quoted, where the name starts. */
  public record Use(List<String> parts, List<Boolean> quoted, int line, int column) {}

  /** Whether the text is a session setting (SET time zone or USE), which returns no result set. */
  public static boolean isSetting(String sql) throws SQLException {
    return timeZone(sql) != null || use(sql) != null;
  }

  /**
   * The schema a {@code USE} statement names; null when the text is not one.
   *
   * @throws SQLException 42000 for a malformed name
   */
  public static Use use(String sql) throws SQLException {
    List<SqlTokens.Token> tokens = SqlTokens.tokenize(sql == null ? "" : sql);
    int end = tokens.size();
    while (end > 0 && tokens.get(end - 1).text().equals(";")) {
      end--;
    }
    if (end < 1 || !tokens.get(0).isWord("USE")) {
      return null;
    }
    int[] bad = {0};
    SqlTokens.DottedName name = SqlTokens.dottedName(tokens, 1, end, bad);
    if (name == null) {
      int[] at = TimeTravelSyntax.lineColumn(sql, tokens.get(bad[0]).start());
      throw new LakehouseSqlException("Syntax error: expected USE [catalog.]schema", SqlState.SYNTAX, at[0],
          at[1], null);
    }
    if (name.parts().isEmpty()) {
      int[] at = TimeTravelSyntax.lineColumn(sql, tokens.get(0).end());
      throw new LakehouseSqlException("Syntax error: USE needs a schema name", SqlState.SYNTAX, at[0], at[1],
          null);
    }
    int[] at = TimeTravelSyntax.lineColumn(sql, tokens.get(1).start());
    return new Use(name.parts(), name.quoted(), at[0], at[1]);
  }

  /**
   * The zone a {@code SET} time-zone statement asks for; null when the text is not one (it then goes through the
   * query pipeline, which refuses other SETs).
   *
   * @throws SQLException 22023 for a zone id the connection cannot use, 42000 for a malformed statement
   */
  public static ZoneId timeZone(String sql) throws SQLException {
    List<SqlTokens.Token> tokens = SqlTokens.tokenize(sql == null ? "" : sql);
    int end = tokens.size();
    while (end > 0 && tokens.get(end - 1).text().equals(";")) {
      end--;
    }
    if (end < 2 || !tokens.get(0).isWord("SET")) {
      return null;
    }
    int i = 1;
    if (tokens.get(i).isWord("SESSION") || tokens.get(i).isWord("LOCAL")) {
      i++;
    }
    boolean twoWords = i + 1 < end && tokens.get(i).isWord("TIME") && tokens.get(i + 1).isWord("ZONE");
    if (twoWords) {
      i += 2;
    } else if (i < end && (tokens.get(i).isWord("TimeZone") || tokens.get(i).isWord("time_zone"))) {
      i++;
    } else {
      return null;
    }
    if (i < end && (tokens.get(i).text().equals("=") || tokens.get(i).isWord("TO"))) {
      i++;
    }
    if (i != end - 1 || tokens.get(i).kind() != SqlTokens.Kind.STRING) {
      int[] at = TimeTravelSyntax.lineColumn(sql, i < end ? tokens.get(i).start() : sql.length());
      throw new LakehouseSqlException("Syntax error: expected SET TimeZone = '<zone id>'",
          SqlState.SYNTAX, at[0], at[1], null);
    }
    String text = tokens.get(i).text();
    String zone = text.substring(1, text.length() - 1).replace("''", "'");
    if (!ConnectionProperties.isZone(zone)) {
      int[] at = TimeTravelSyntax.lineColumn(sql, tokens.get(i).start());
      throw new LakehouseSqlException("Unknown time zone '" + zone + "'; use a zone id such as UTC, Europe/Berlin "
          + "or +02:00", SqlState.INVALID_ARGUMENT, at[0], at[1], null);
    }
    return ZoneId.of(zone);
  }
}
