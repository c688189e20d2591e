package io.lakehouse.sql;

import java.util.ArrayDeque;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * JDBC escape syntax, rewritten into the SQL the parser reads before anything else (the first step of
 * {@link TimeTravelSyntax#rewrite}), with a {@link SourceMap} back to the user's text:
 * <ul>
 *   <li>{@code {fn name(args)}} → {@code name(args)}, with the JDBC / ODBC names DuckDB spells otherwise renamed
 *       ({@link #FUNCTIONS}); {@code TIMESTAMPADD} / {@code TIMESTAMPDIFF} are parsed by Calcite and turned into
 *       DuckDB arithmetic by {@link QueryPipeline};</li>
 *   <li>{@code {d '...'}}, {@code {t '...'}}, {@code {ts '...'}} → {@code DATE '...'}, {@code TIME '...'},
 *       {@code TIMESTAMP '...'};</li>
 *   <li>{@code {oj <join>}} → the join; {@code {escape 'c'}} → {@code ESCAPE 'c'}.</li>
 * </ul>
 * Calcite's own grammar has these escapes, but DuckDB's struct literal {@code {'k': v}} claims the braces before
 * Calcite sees them (see {@link TimeTravelSyntax}); an escape is recognised by its keyword followed by what that
 * escape needs (a function call, a string and {@code }}, ...), so {@code {d: 1}} stays a struct. {@code {call ...}}
 * is not supported (no procedures) and stays a syntax error.
 */
final class JdbcEscapes {
  /** JDBC / ODBC scalar function names that DuckDB knows by another name. */
  static final Map<String, String> FUNCTIONS = Map.of(
      "CHAR", "chr",
      "CURDATE", "current_date",
      "CURTIME", "get_current_time",
      "IFNULL", "coalesce",
      "RAND", "random",
      "TRUNCATE", "trunc");

  private JdbcEscapes() {}

  /** A rewritten text and its map back to the user's text. */
  record Rewrite(String text, SourceMap map) {}

  /** The text with every JDBC escape rewritten; null when it has none. */
  static Rewrite rewrite(String sql) {
    List<SqlTokens.Token> tokens = SqlTokens.tokenize(sql);
    SourceMap.Builder ed = new SourceMap.Builder(sql);
    // For each open brace, whether it opened an escape (its closing brace is dropped) or DuckDB's own braces.
    Deque<Boolean> escapes = new ArrayDeque<>();
    boolean any = false;
    for (int i = 0; i < tokens.size(); i++) {
      SqlTokens.Token t = tokens.get(i);
      if (t.text().equals("}")) {
        if (!escapes.isEmpty() && escapes.pop()) {
          ed.replace(t.start(), t.end(), "");
        }
        continue;
      }
      if (!t.text().equals("{") || t.kind() != SqlTokens.Kind.SYMBOL) {
        continue;
      }
      SqlTokens.Token keyword = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
      String replacement = keyword == null || keyword.kind() != SqlTokens.Kind.WORD ? null
          : escape(keyword.upper(), tokens, i + 2);
      if (replacement == null) {
        escapes.push(false);
        continue;
      }
      any = true;
      escapes.push(true);
      // {fn name(...)} loses "{fn " up to the name; the other escapes keep the blank after their keyword.
      ed.replace(t.start(), keyword.isWord("fn") ? tokens.get(i + 2).start() : keyword.end(), replacement);
      i++;
      if (keyword.isWord("fn")) {
        SqlTokens.Token name = tokens.get(i + 1);
        String renamed = FUNCTIONS.get(name.upper());
        if (renamed != null) {
          ed.replace(name.start(), name.end(), renamed);
          i++;
        }
        if (renamed != null && renamed.equals("current_date")
            && i + 2 < tokens.size() && tokens.get(i + 1).text().equals("(") && tokens.get(i + 2).text().equals(")")) {
          // CURDATE() is SQL's current_date, which takes no parentheses.
          ed.replace(tokens.get(i + 1).start(), tokens.get(i + 2).end(), "");
          i += 2;
        }
      }
    }
    return any ? new Rewrite(ed.finishInOrder(), ed.map()) : null;
  }

  /** What {@code {keyword} becomes when the tokens from {@code next} on fit that escape; null when they do not. */
  private static String escape(String keyword, List<SqlTokens.Token> tokens, int next) {
    SqlTokens.Token first = next < tokens.size() ? tokens.get(next) : null;
    SqlTokens.Token second = next + 1 < tokens.size() ? tokens.get(next + 1) : null;
    if (first == null) {
      return null;
    }
    boolean literal = first.kind() == SqlTokens.Kind.STRING && second != null && second.text().equals("}");
    return switch (keyword) {
      case "FN" -> (first.kind() == SqlTokens.Kind.WORD || first.kind() == SqlTokens.Kind.QUOTED)
          && second != null && second.text().equals("(") ? "" : null;
      case "D" -> literal ? "DATE" : null;
      case "T" -> literal ? "TIME" : null;
      case "TS" -> literal ? "TIMESTAMP" : null;
      case "ESCAPE" -> literal ? "ESCAPE" : null;
      case "OJ" -> first.text().equals(":") ? null : "";
      default -> null;
    };
  }

  /**
   * JDBC's {@code TIMESTAMPADD(unit, n, t)} and {@code TIMESTAMPDIFF(unit, a, b)} (Calcite parses both, with
   * {@code SQL_TSI_*} units), as DuckDB computes them: {@code t + n * INTERVAL '1' unit} (QUARTER is 3 months, WEEK
   * 7 days), and {@code date_sub('unit', a, b)}, the number of whole units from a to b (as JDBC drivers of MySQL and
   * Calcite count; DuckDB's {@code date_diff} would count unit boundaries crossed). Other calls are returned as they
   * are.
   */
  static SqlNode timestampArithmetic(SqlCall call) {
    if (call.getKind() != SqlKind.TIMESTAMP_ADD && call.getKind() != SqlKind.TIMESTAMP_DIFF
        || !(call.operand(0) instanceof SqlIntervalQualifier unit)) {
      return call;
    }
    SqlParserPos pos = call.getParserPosition();
    TimeUnit timeUnit = unitOf(unit);
    if (timeUnit == null) {
      return call;
    }
    if (call.getKind() == SqlKind.TIMESTAMP_DIFF) {
      return new SqlUnresolvedFunction(new SqlIdentifier("date_sub", pos), null, null, null, null,
          SqlFunctionCategory.TIMEDATE).createCall(pos, SqlLiteral.createCharString(
              timeUnit.name().toLowerCase(java.util.Locale.ROOT), pos), call.operand(1), call.operand(2));
    }
    String count = switch (timeUnit) {
      case QUARTER -> "3";
      case WEEK -> "7";
      default -> "1";
    };
    TimeUnit literalUnit = switch (timeUnit) {
      case QUARTER -> TimeUnit.MONTH;
      case WEEK -> TimeUnit.DAY;
      default -> timeUnit;
    };
    SqlNode interval = SqlLiteral.createInterval(1, count, new SqlIntervalQualifier(literalUnit, null, pos), pos);
    return SqlStdOperatorTable.PLUS.createCall(pos, call.operand(2),
        SqlStdOperatorTable.MULTIPLY.createCall(pos, call.operand(1), interval));
  }

  /** The unit of a TIMESTAMPADD / TIMESTAMPDIFF: {@code DAY} or {@code SQL_TSI_DAY} (a named frame to Calcite). */
  private static TimeUnit unitOf(SqlIntervalQualifier unit) {
    String name = unit.timeFrameName;
    if (name == null) {
      return unit.getStartUnit();
    }
    String upper = name.toUpperCase(java.util.Locale.ROOT);
    if (upper.startsWith("SQL_TSI_")) {
      upper = upper.substring("SQL_TSI_".length());
    }
    return switch (upper) {
      case "FRAC_SECOND", "MICROSECOND" -> TimeUnit.MICROSECOND;
      case "MILLISECOND", "SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "QUARTER", "YEAR" -> TimeUnit.valueOf(upper);
      default -> null;
    };
  }

  /** {@code Connection.nativeSQL}: the text with its JDBC escapes rewritten (else unchanged). */
  static String nativeSql(String sql) {
    Rewrite r = rewrite(sql);
    return r == null ? sql : r.text();
  }
}
