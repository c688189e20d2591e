package io.lakehouse.sql;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.config.ConnectionProperties;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.List;

/**
 * The one session setting SQL may change: the time zone, as DuckDB, PostgreSQL and Trino users write it
 * ({@code SET TimeZone = 'Europe/Berlin'}, {@code SET time_zone = 'UTC'}, {@code SET TIME ZONE 'UTC'},
 * {@code SET SESSION time_zone TO '+02:00'}). It changes the connection's {@code time_zone} property. Every other
 * SET stays refused as a statement that is not a read (25006).
 */
public final class SessionStatement {
  private SessionStatement() {}

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
