package io.lakehouse.sql;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DuckDB's postfix cast {@code x::T} as {@code CAST(x AS T)}, before Calcite parses. In DuckDB (as in PostgreSQL)
 * {@code ::} binds tighter than every operator: it applies to the primary just before it. Calcite's Babel parser
 * gives it a looser precedence ({@code 1 + 2.6::INTEGER} became {@code (1 + 2.6)::INTEGER}) and its unparse drops
 * the grouping, so each {@code ::} is rewritten here into the call that means exactly what DuckDB means.
 * <p>The operand is the primary ending just before the {@code ::}: a literal (numbers, strings, {@code E'...'},
 * typed literals {@code DATE '...'}, {@code INTERVAL '1' DAY}), a {@code ?}, a (qualified, quoted) name or field
 * access, a parenthesised group, a function call with its {@code FILTER} / {@code OVER} / {@code WITHIN GROUP},
 * {@code CASE ... END}, a list literal, a subscript or slice, or an earlier cast ({@code x::A::B}). A unary minus
 * stays outside ({@code -1::INTEGER} is {@code -CAST(1 AS INTEGER)}, as in DuckDB). The type is a name, with
 * DuckDB's multi-word forms ({@code DOUBLE PRECISION}, {@code TIMESTAMP WITH TIME ZONE}, ...), its parenthesised
 * arguments and any {@code []} suffixes (written {@code ARRAY}, which Calcite parses and DuckDB reads as
 * {@code []}), copied as written. Where DuckDB's {@code ::} applies to more than a
 * primary ({@code x IN (...)::T}, {@code x IS NULL::T}) or the type is not one of these forms, the statement fails
 * with 0A000 rather than being read differently. Strings, comments and quoted identifiers are tokens, never
 * rewritten.
 */
final class InfixCasts {
  /** One replacement of the text [start, end); applied sorted by start, stably (a chain's CAST( twice). */
  record Replacement(int start, int end, String text) {}

  /** Words before a parenthesis that make it a group of its own, not a call's argument list. */
  private static final Set<String> NOT_CALLS = Set.of("AS", "FROM", "JOIN", "SELECT", "WHERE", "ON", "AND", "OR",
      "NOT", "THEN", "WHEN", "ELSE", "BY", "HAVING", "QUALIFY", "VALUES", "WITH", "LIMIT", "OFFSET", "DISTINCT",
      "IS", "LIKE", "ILIKE", "BETWEEN", "CASE", "OF", "RETURN", "USING", "LATERAL", "TABLE", "UNION", "INTERSECT",
      "EXCEPT", "PARTITION", "WINDOW", "MATCH_RECOGNIZE", "ESCAPE", "SIMILAR", "TO", "GLOB", "AT", "ZONE");
  /** Words before a parenthesis whose {@code ::} DuckDB applies to the whole comparison. */
  private static final Set<String> QUANTIFIED = Set.of("IN", "ANY", "ALL", "SOME");
  /** Type names that also start a typed literal, {@code DATE '2024-01-01'}. */
  private static final Set<String> LITERAL_TYPES = Set.of("DATE", "TIME", "TIMESTAMP", "TIMESTAMPTZ",
      "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S", "INTERVAL");
  private static final Set<String> INTERVAL_UNITS = Set.of("YEAR", "YEARS", "MONTH", "MONTHS", "DAY", "DAYS",
      "HOUR", "HOURS", "MINUTE", "MINUTES", "SECOND", "SECONDS", "MILLISECOND", "MILLISECONDS", "MICROSECOND",
      "MICROSECONDS", "WEEK", "WEEKS", "QUARTER", "QUARTERS", "DECADE", "DECADES", "CENTURY", "CENTURIES",
      "MILLENNIUM", "MILLENNIA");

  private final String sql;
  private final List<SqlTokens.Token> tokens;
  private final int[] partner;
  /** Last token of an earlier cast's type → first token of that cast's operand (for chains). */
  private final Map<Integer, Integer> castStarts = new HashMap<>();

  private InfixCasts(String sql, List<SqlTokens.Token> tokens, int[] partner) {
    this.sql = sql;
    this.tokens = tokens;
    this.partner = partner;
  }

  /** Whether tokens i and i + 1 are a {@code ::}. */
  static boolean isCast(List<SqlTokens.Token> tokens, int i) {
    return i + 1 < tokens.size() && tokens.get(i).text().equals(":") && tokens.get(i + 1).text().equals(":")
        && tokens.get(i).kind() == SqlTokens.Kind.SYMBOL && tokens.get(i + 1).start() == tokens.get(i).end();
  }

  /**
   * The replacements that turn every {@code ::} of {@code sql} into a CAST call.
   *
   * @param toUser maps offsets of {@code sql} to the user's text {@code user}, for error positions
   * @throws SQLException 0A000 for a {@code ::} whose operand or type cannot be read as DuckDB reads it
   */
  static List<Replacement> replacements(String sql, List<SqlTokens.Token> tokens, int[] partner, SourceMap toUser,
      String user) throws SQLException {
    List<Replacement> out = new ArrayList<>();
    InfixCasts casts = new InfixCasts(sql, tokens, partner);
    for (int i = 0; i < tokens.size(); i++) {
      if (!isCast(tokens, i)) {
        continue;
      }
      if (i > 0 && tokens.get(i - 1).text().equals("[")) {
        // x[::2] is a slice with its bounds left out, not a cast: the slice syntax decides about it
        continue;
      }
      int start = i > 0 ? casts.operandStart(i - 1) : -1;
      int typeEnd = casts.typeEnd(i + 2);
      if (start < 0 || typeEnd < 0) {
        int[] at = TimeTravelSyntax.lineColumn(user, toUser.toSource(tokens.get(i).start()));
        throw new LakehouseSqlException(start < 0
            ? "Not supported: what this :: applies to is not a single operand (write CAST(... AS type) or add "
                + "parentheses)"
            : "Not supported: the type after :: (write CAST(... AS type))", SqlState.NOT_SUPPORTED, at[0], at[1],
            null);
      }
      casts.castStarts.put(typeEnd, start);
      out.add(new Replacement(tokens.get(start).start(), tokens.get(start).start(), "CAST("));
      out.add(new Replacement(tokens.get(i).start(), tokens.get(i + 1).end(), " AS "));
      for (int k = i + 3; k < typeEnd; k++) {
        if (tokens.get(k).text().equals("[") && partner[k] == k + 1) {
          // T[] (a list) is Calcite's T ARRAY, which the dialect writes back as DuckDB reads it: T ARRAY = T[].
          out.add(new Replacement(tokens.get(k).start(), tokens.get(k + 1).end(), " ARRAY"));
        }
      }
      out.add(new Replacement(tokens.get(typeEnd).end(), tokens.get(typeEnd).end(), ")"));
      i++;
    }
    return out;
  }

  /** The text with every {@code ::} rewritten (row filters: the catalog's own SQL, positions not reported). */
  static String rewrite(String text) throws SQLException {
    List<SqlTokens.Token> tokens = SqlTokens.tokenize(text);
    List<Replacement> replacements = replacements(text, tokens, FromFirst.partners(tokens),
        SourceMap.identity(text.length()), text);
    if (replacements.isEmpty()) {
      return text;
    }
    SourceMap.Builder out = new SourceMap.Builder(text);
    replacements.stream().sorted(Comparator.comparingInt(Replacement::start))
        .forEach(r -> out.replace(r.start(), r.end(), r.text()));
    return out.finishInOrder();
  }

  /** The first token of the primary whose last token is e, or -1 when it is not one DuckDB's :: applies to. */
  private int operandStart(int e) {
    if (e < 0) {
      return -1;
    }
    Integer chained = castStarts.get(e);
    if (chained != null) {
      return chained;
    }
    SqlTokens.Token t = tokens.get(e);
    String text = t.text();
    if (t.kind() == SqlTokens.Kind.STRING) {
      return literalStart(e);
    }
    if (t.kind() == SqlTokens.Kind.QUOTED) {
      return qualified(e);
    }
    if (t.kind() == SqlTokens.Kind.SYMBOL) {
      if (text.equals("?")) {
        return e;
      }
      if (text.equals(")")) {
        return groupStart(e);
      }
      if (text.equals("]")) {
        int open = partner[e];
        if (open <= 0) {
          return -1;
        }
        SqlTokens.Token before = tokens.get(open - 1);
        return before.isWord("ARRAY") || before.isWord("MAP") ? open - 1 : operandStart(open - 1);
      }
      return Character.isDigit(text.charAt(0)) || text.equals(".") ? numberStart(e) : -1;
    }
    // A word.
    if (e > 0 && tokens.get(e - 1).end() == t.start() && isNumberPart(tokens.get(e - 1))) {
      int number = numberStart(e);  // 1.5e3, 1_000; else a field, as in x.a
      if (number >= 0) {
        return number;
      }
    }
    String word = t.upper();
    if (word.equals("END")) {
      return caseStart(e);
    }
    if (word.equals("ISNULL") || word.equals("NOTNULL")) {
      return -1;
    }
    if (Set.of("NULL", "TRUE", "FALSE", "UNKNOWN").contains(word) && e > 0
        && (tokens.get(e - 1).isWord("IS") || tokens.get(e - 1).isWord("NOT") && e > 1
        && tokens.get(e - 2).isWord("IS"))) {
      return -1;  // x IS NULL::T casts the whole test
    }
    if (INTERVAL_UNITS.contains(word) && e > 0) {
      int interval = intervalStart(e);
      if (interval >= 0 || isValueEnd(tokens.get(e - 1))) {
        return interval;  // INTERVAL '1' DAY::T; 1 day::T is not read
      }
    }
    if (e > 1 && tokens.get(e - 1).isWord("OVER")) {
      return tokens.get(e - 2).text().equals(")") ? groupStart(e - 2) : -1;  // f(x) OVER w
    }
    return qualified(e);
  }

  /** The start of the group or call closed at token e, with a call's FILTER / OVER / WITHIN GROUP clauses. */
  private int groupStart(int e) {
    int open = partner[e];
    if (open < 0) {
      return -1;
    }
    if (open == 0) {
      return open;
    }
    SqlTokens.Token before = tokens.get(open - 1);
    if (before.isWord("OVER") || before.isWord("FILTER")) {
      return open > 1 && tokens.get(open - 2).text().equals(")") ? groupStart(open - 2) : -1;
    }
    if (before.isWord("GROUP") && open > 2 && tokens.get(open - 2).isWord("WITHIN")) {
      return tokens.get(open - 3).text().equals(")") ? groupStart(open - 3) : -1;
    }
    if (before.kind() == SqlTokens.Kind.WORD && QUANTIFIED.contains(before.upper())) {
      return -1;  // x IN (...)::T and x = ANY (...)::T cast the whole comparison
    }
    if (before.kind() == SqlTokens.Kind.QUOTED
        || before.kind() == SqlTokens.Kind.WORD && !NOT_CALLS.contains(before.upper())) {
      return qualified(open - 1);  // a call, also schema.f(...)
    }
    return open;
  }

  /** Extends a name or call starting at token s over the qualifiers / field accesses before it. */
  private int qualified(int s) {
    if (s >= 2 && tokens.get(s - 1).text().equals(".") && tokens.get(s - 1).kind() == SqlTokens.Kind.SYMBOL) {
      SqlTokens.Token before = tokens.get(s - 2);
      if (before.kind() == SqlTokens.Kind.WORD || before.kind() == SqlTokens.Kind.QUOTED) {
        return qualified(s - 2);
      }
      if (before.text().equals(")") || before.text().equals("]")) {
        return operandStart(s - 2);  // f(x).a, l[1].a
      }
      return -1;
    }
    return s;
  }

  /** A string literal at token e with its type prefix: DATE '...', TIMESTAMP WITH TIME ZONE '...', X'...'. */
  private int literalStart(int e) {
    if (e == 0) {
      return e;
    }
    SqlTokens.Token before = tokens.get(e - 1);
    if (before.kind() != SqlTokens.Kind.WORD) {
      return e;
    }
    if (before.end() == tokens.get(e).start() || LITERAL_TYPES.contains(before.upper())) {
      return e - 1;  // X'ab', DATE '...'
    }
    if (before.isWord("ZONE") && e >= 4 && tokens.get(e - 2).isWord("TIME")
        && (tokens.get(e - 3).isWord("WITH") || tokens.get(e - 3).isWord("WITHOUT"))
        && (tokens.get(e - 4).isWord("TIMESTAMP") || tokens.get(e - 4).isWord("TIME"))) {
      return e - 4;
    }
    return e;
  }

  /** {@code INTERVAL <value> <unit> [TO <unit>]} ending at the unit token e, or -1. */
  private int intervalStart(int e) {
    SqlTokens.Token before = tokens.get(e - 1);
    if (before.isWord("TO")) {
      return e >= 3 && INTERVAL_UNITS.contains(tokens.get(e - 2).upper()) ? intervalStart(e - 2) : -1;
    }
    int start;
    if (before.kind() == SqlTokens.Kind.STRING) {
      start = e - 1;
    } else if (before.text().equals(")")) {
      start = partner[e - 1];
    } else if (isNumberPart(before)) {
      start = numberStart(e - 1);
    } else {
      return -1;
    }
    return start > 0 && tokens.get(start - 1).isWord("INTERVAL") ? start - 1 : -1;
  }

  /** The CASE of the END at token e (nested CASEs counted, parentheses skipped). */
  private int caseStart(int e) {
    int depth = 0;
    for (int k = e; k >= 0; k--) {
      SqlTokens.Token t = tokens.get(k);
      if ((t.text().equals(")") || t.text().equals("]")) && t.kind() == SqlTokens.Kind.SYMBOL) {
        if (partner[k] < 0) {
          return -1;
        }
        k = partner[k];
      } else if ((t.text().equals("(") || t.text().equals("[")) && t.kind() == SqlTokens.Kind.SYMBOL) {
        return -1;  // left the group the END is in without finding its CASE
      } else if (t.isWord("END")) {
        depth++;
      } else if (t.isWord("CASE") && --depth == 0) {
        return k;
      }
    }
    return -1;
  }

  private static boolean isValueEnd(SqlTokens.Token t) {
    return t.kind() == SqlTokens.Kind.STRING || t.text().equals(")")
        || t.kind() == SqlTokens.Kind.SYMBOL && Character.isDigit(t.text().charAt(0));
  }

  private static boolean isNumberPart(SqlTokens.Token t) {
    return t.kind() == SqlTokens.Kind.SYMBOL && (Character.isDigit(t.text().charAt(0)) || t.text().equals("."));
  }

  /**
   * The first token of the number ending with token e ({@code 12}, {@code 1.5}, {@code .5}, {@code 1e-3},
   * {@code 1_000}), or -1.
   */
  private int numberStart(int e) {
    int end = tokens.get(e).end();
    int start = mantissaStart(exponentStart(end));
    if (start < 0) {
      start = mantissaStart(end);
    }
    if (start < 0) {
      return -1;
    }
    for (int k = e; k >= 0 && tokens.get(k).start() >= start; k--) {
      if (tokens.get(k).start() == start) {
        return k;
      }
    }
    return -1;
  }

  /** Where an exponent {@code e[+-]digits} ending at {@code end} starts, or {@code end} when there is none. */
  private int exponentStart(int end) {
    int k = end;
    while (k > 0 && Character.isDigit(sql.charAt(k - 1))) {
      k--;
    }
    if (k == end) {
      return end;
    }
    if (k > 0 && (sql.charAt(k - 1) == '+' || sql.charAt(k - 1) == '-')) {
      k--;
    }
    if (k > 1 && (sql.charAt(k - 1) == 'e' || sql.charAt(k - 1) == 'E')
        && (Character.isDigit(sql.charAt(k - 2)) || sql.charAt(k - 2) == '.')) {
      return k - 1;
    }
    return end;
  }

  /** Where the digits (one dot, underscores) ending at {@code end} start, if nothing word-like precedes them. */
  private int mantissaStart(int end) {
    int k = end;
    boolean dot = false;
    boolean digit = false;
    while (k > 0) {
      char c = sql.charAt(k - 1);
      if (Character.isDigit(c)) {
        digit = true;
      } else if (c == '.' && !dot) {
        dot = true;
      } else if (c != '_') {
        break;
      }
      k--;
    }
    if (!digit || k > 0 && (Character.isLetterOrDigit(sql.charAt(k - 1)) || sql.charAt(k - 1) == '_'
        || sql.charAt(k - 1) == '$' || sql.charAt(k - 1) == '"' || sql.charAt(k - 1) == '.')) {
      return -1;
    }
    return k;
  }

  /** The last token of the type starting at token k, or -1 when it is not a type DuckDB's :: takes here. */
  private int typeEnd(int k) {
    if (k >= tokens.size() || tokens.get(k).kind() != SqlTokens.Kind.WORD
        && tokens.get(k).kind() != SqlTokens.Kind.QUOTED) {
      return -1;
    }
    int e = k;
    String name = tokens.get(k).upper();
    if (name.equals("DOUBLE") && isWord(e + 1, "PRECISION")) {
      e++;
    } else if ((name.equals("TIMESTAMP") || name.equals("TIME")) && (isWord(e + 1, "WITH")
        || isWord(e + 1, "WITHOUT")) && isWord(e + 2, "TIME") && isWord(e + 3, "ZONE")) {
      e += 3;
    } else if ((name.equals("CHARACTER") || name.equals("CHAR") || name.equals("BIT")) && isWord(e + 1, "VARYING")) {
      e++;
    } else if (name.equals("INTERVAL") && e + 1 < tokens.size()
        && INTERVAL_UNITS.contains(tokens.get(e + 1).upper())) {
      return -1;  // DuckDB reads '1'::INTERVAL DAY as one type; Calcite would take DAY for an alias
    }
    if (e + 1 < tokens.size() && tokens.get(e + 1).text().equals(".")) {
      return -1;  // a qualified type name, or a field of the cast: not read here
    }
    if (e + 1 < tokens.size() && tokens.get(e + 1).text().equals("(")) {
      e = partner[e + 1];
      if (e < 0) {
        return -1;
      }
    }
    while (e + 1 < tokens.size() && tokens.get(e + 1).text().equals("[") && partner[e + 1] > e) {
      e = partner[e + 1];
    }
    while (isWord(e + 1, "ARRAY")) {
      e++;
    }
    if (e + 1 < tokens.size() && tokens.get(e + 1).text().equals(".")) {
      return -1;
    }
    return e;
  }

  private boolean isWord(int i, String word) {
    return i < tokens.size() && tokens.get(i).isWord(word);
  }
}
