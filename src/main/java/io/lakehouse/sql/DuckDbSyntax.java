package io.lakehouse.sql;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * DuckDB expressions that Calcite's grammar lacks, carried through the parser: before parsing each becomes text
 * Calcite parses, and its position is remembered; after parsing {@link #restore} puts the DuckDB form
 * ({@link DuckDbOperators}) back in the tree at exactly those positions, so unparsing writes what the user wrote.
 * <ul>
 *   <li>{@code a // b} (integer division, DuckDB's {@code /} precedence): {@code a / b}, which Calcite does not read
 *       as a comment start;</li>
 *   <li>{@code x[lo:hi]}, {@code x[lo:hi:step]}, bounds optional: {@code x[lakehouse_slice(lo, hi)]} with
 *       {@code DEFAULT} for a missing bound;</li>
 *   <li>{@code GROUP BY ALL}, {@code ORDER BY ALL} (ALL standing alone): a placeholder column;</li>
 *   <li>{@code f(args ORDER BY keys)} for any aggregate (Calcite itself parses it only for {@code string_agg},
 *       {@code array_agg}, {@code group_concat}): {@code f(args) WITHIN GROUP (ORDER BY keys)};</li>
 *   <li>{@code TIMESTAMPTZ '...'} (and {@code TIMESTAMP_NS / _MS / _S '...'}): {@code CAST('...' AS T)}, which is
 *       what DuckDB reads it as;</li>
 *   <li>{@code x::T}: {@code CAST(x AS T)} ({@link InfixCasts}: DuckDB's {@code ::} binds tighter than any
 *       operator, Calcite's looser); a plain CAST after parsing, so it needs no mark.</li>
 * </ul>
 * {@code * EXCLUDE a} and {@code * REPLACE expr AS a} without parentheses only get them: Calcite parses
 * {@code * EXCLUDE (...)} and {@code * REPLACE (...)} itself and writes them back in DuckDB's form.
 * It runs on text the time-travel rewrite already turned into Calcite's spelling, where a {@code [} that is not
 * preceded by {@code ARRAY} or {@code MAP} is a subscript.
 */
final class DuckDbSyntax {
  static final String SLICE_MARKER = "lakehouse_slice";
  static final String ALL_MARKER = "lakehouse_all";
  /** Aggregates whose ORDER BY argument Calcite parses itself. */
  private static final Set<String> CALCITE_ORDERED = Set.of("ARRAY_AGG", "STRING_AGG", "GROUP_CONCAT",
      "ARRAY_CONCAT_AGG");
  /** Words before a parenthesis that are not function names (sub-queries, windows, WITHIN GROUP, ...). */
  private static final Set<String> NOT_FUNCTIONS = Set.of("OVER", "GROUP", "AS", "MATCH_RECOGNIZE", "FROM", "JOIN",
      "IN", "EXISTS", "ANY", "ALL", "SOME", "LATERAL", "ARRAY", "MULTISET", "MAP", "TABLE", "UNION", "INTERSECT",
      "EXCEPT", "SELECT", "WHERE", "ON", "AND", "OR", "NOT", "THEN", "WHEN", "ELSE", "BY", "HAVING", "QUALIFY",
      "VALUES", "WITH", "LIMIT", "OFFSET", "DISTINCT", "IS", "LIKE", "ILIKE", "BETWEEN", "FILTER", "CASE", "OF",
      "PARTITION", "RETURN", "WINDOW", "USING");
  /** Types whose typed literal DuckDB reads and Calcite does not parse. */
  private static final Set<String> CAST_LITERAL_TYPES = Set.of("TIMESTAMPTZ", "TIMESTAMP_NS", "TIMESTAMP_MS",
      "TIMESTAMP_S");
  private static final Set<String> QUERY_STARTS = Set.of("SELECT", "WITH", "VALUES", "FROM", "TABLE");
  /** What may follow a lone ALL in GROUP BY / ORDER BY. */
  private static final Set<String> AFTER_ALL = Set.of("HAVING", "ORDER", "LIMIT", "OFFSET", "FETCH", "QUALIFY",
      "WINDOW", "UNION", "INTERSECT", "EXCEPT", "ASC", "DESC", "NULLS", ")");

  private DuckDbSyntax() {}

  enum Mark { INTEGER_DIVISION, SLICE, ALL, ORDERED_AGGREGATE }

  /** Offsets in the rewritten text where {@link #restore} finds each form. */
  record Marks(Map<Mark, NavigableSet<Integer>> offsets) {
    static final Marks NONE = new Marks(Map.of());

    NavigableSet<Integer> of(Mark mark) {
      return offsets.getOrDefault(mark, Collections.emptyNavigableSet());
    }

    boolean isEmpty() {
      return offsets.isEmpty();
    }
  }

  /** The rewritten text, its map back to the text it was made from, and the marks. */
  record Rewrite(String text, SourceMap map, Marks marks) {}

  /** One replacement of token text, and the mark to remember {@code markAt} characters into the replacement. */
  private record Edit(int start, int end, String text, Mark mark, int markAt) {
    Edit(int start, int end, String text, Mark mark) {
      this(start, end, text, mark, 0);
    }
  }

  /**
   * @param toUser maps offsets of {@code sql} to the user's text {@code user}, for error positions
   * @return null when the text has none of these forms
   * @throws SQLException 42000 for a slice with more than three parts, 0A000 for a {@code ::} not read as DuckDB
   *     reads it
   */
  /**
   * DuckDB's typed literals of types Calcite has no literal for, {@code TIMESTAMPTZ '...'}, {@code TIMESTAMP_NS '...'}
   * (and {@code _MS}, {@code _S}): in DuckDB {@code T 'text'} is {@code CAST('text' AS T)}, written so.
   */
  private static void typedLiterals(List<SqlTokens.Token> tokens, List<Edit> edits) {
    for (int i = 0; i + 1 < tokens.size(); i++) {
      SqlTokens.Token type = tokens.get(i);
      SqlTokens.Token text = tokens.get(i + 1);
      if (type.kind() == SqlTokens.Kind.WORD && CAST_LITERAL_TYPES.contains(type.upper())
          && text.kind() == SqlTokens.Kind.STRING && text.text().startsWith("'")
          && (i == 0 || !tokens.get(i - 1).text().equals("."))) {
        edits.add(new Edit(type.start(), text.end(), "CAST(" + text.text() + " AS " + type.upper() + ")", null));
        i++;
      }
    }
  }

  static Rewrite rewrite(String sql, SourceMap toUser, String user) throws SQLException {
    List<SqlTokens.Token> tokens = SqlTokens.tokenize(sql);
    int[] partner = FromFirst.partners(tokens);
    List<Edit> edits = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      SqlTokens.Token t = tokens.get(i);
      if (InfixCasts.isCast(tokens, i)) {
        i++;
      } else if (isIntegerDivision(tokens, i)) {
        edits.add(new Edit(t.start(), tokens.get(i + 1).end(), "/ ", Mark.INTEGER_DIVISION));
        i++;
      } else if (t.text().equals("[") && partner[i] > i && isSubscript(tokens, i)) {
        slice(tokens, i, partner, edits, toUser, user);
      } else if (isLoneAll(tokens, i)) {
        edits.add(new Edit(t.start(), t.end(), ALL_MARKER, Mark.ALL));
      } else if (t.text().equals("(") && partner[i] > i) {
        orderedAggregate(tokens, i, partner, edits);
      } else if (t.isWord("EXCLUDE") || t.isWord("REPLACE")) {
        starListParentheses(tokens, i, partner, edits);
      }
    }
    // After the others: at one offset a CAST( goes inside what they insert (* REPLACE (CAST(x AS T) AS x)).
    for (InfixCasts.Replacement r : InfixCasts.replacements(sql, tokens, partner, toUser, user)) {
      edits.add(new Edit(r.start(), r.end(), r.text(), null));
    }
    // After the casts: a cast's CAST( inserted at a typed literal's start stays before this replacement.
    typedLiterals(tokens, edits);
    if (edits.isEmpty()) {
      return null;
    }
    // In text order; at one offset, inserted text before a mark, so the mark points at the token itself.
    edits.sort(Comparator.comparingInt(Edit::start).thenComparing(e -> e.mark() != null));
    SourceMap.Builder out = new SourceMap.Builder(sql);
    Map<Mark, NavigableSet<Integer>> marks = new EnumMap<>(Mark.class);
    for (Edit e : edits) {
      int at = out.replace(e.start(), e.end(), e.text());
      if (e.mark() != null) {
        marks.computeIfAbsent(e.mark(), m -> new TreeSet<>()).add(at + e.markAt());
      }
    }
    return new Rewrite(out.finishInOrder(), out.map(), new Marks(marks));
  }

  /** {@code //} written as one operator (two adjacent slashes outside strings and comments). */
  private static boolean isIntegerDivision(List<SqlTokens.Token> tokens, int i) {
    return tokens.get(i).text().equals("/") && i + 1 < tokens.size() && tokens.get(i + 1).text().equals("/")
        && tokens.get(i + 1).start() == tokens.get(i).end();
  }

  /** The ALL of {@code GROUP BY ALL} / {@code ORDER BY ALL} with nothing after it in the clause. */
  private static boolean isLoneAll(List<SqlTokens.Token> tokens, int i) {
    return tokens.get(i).isWord("ALL") && i >= 2 && tokens.get(i - 1).isWord("BY")
        && (tokens.get(i - 2).isWord("GROUP") || tokens.get(i - 2).isWord("ORDER"))
        && (i + 1 == tokens.size() || AFTER_ALL.contains(tokens.get(i + 1).upper()));
  }

  /** The edits that make {@code f(args ORDER BY keys)}, parentheses opened at token i, a WITHIN GROUP call. */
  private static void orderedAggregate(List<SqlTokens.Token> tokens, int open, int[] partner, List<Edit> edits) {
    if (open == 0 || !isFunctionName(tokens.get(open - 1)) || QUERY_STARTS.contains(tokens.get(open + 1).upper())) {
      return;
    }
    int order = topLevelOrderBy(tokens, open, partner);
    if (order > 0) {
      SqlTokens.Token name = tokens.get(open - 1);
      edits.add(new Edit(name.start(), name.start(), "", Mark.ORDERED_AGGREGATE));
      SqlTokens.Token o = tokens.get(order);
      edits.add(new Edit(o.start(), o.start(), ") WITHIN GROUP (", null));
    }
  }

  /** The parentheses of {@code * EXCLUDE a} / {@code * REPLACE expr AS a} (token i is EXCLUDE or REPLACE). */
  private static void starListParentheses(List<SqlTokens.Token> tokens, int i, int[] partner, List<Edit> edits) {
    if (i == 0 || !tokens.get(i - 1).text().equals("*") || i + 1 == tokens.size()
        || tokens.get(i + 1).text().equals("(")) {
      return;
    }
    int last = tokens.get(i).isWord("EXCLUDE") ? nameEnd(tokens, i + 1) : replacementEnd(tokens, i + 1, partner);
    if (last > i) {
      edits.add(new Edit(tokens.get(i + 1).start(), tokens.get(i + 1).start(), "(", null));
      edits.add(new Edit(tokens.get(last).end(), tokens.get(last).end(), ")", null));
    }
  }

  /** A {@code [} after an operand (a subscript), not the {@code ARRAY[} / {@code MAP[} of a literal. */
  private static boolean isSubscript(List<SqlTokens.Token> tokens, int i) {
    return i > 0 && !tokens.get(i - 1).isWord("ARRAY") && !tokens.get(i - 1).isWord("MAP");
  }

  /** The last token of a column name ({@code a}, {@code "a"}, {@code t.a}) starting at token i, or -1. */
  private static int nameEnd(List<SqlTokens.Token> tokens, int i) {
    int k = i;
    while (k < tokens.size() && tokens.get(k).kind() != SqlTokens.Kind.SYMBOL && tokens.get(k).kind()
        != SqlTokens.Kind.STRING) {
      if (k + 2 < tokens.size() && tokens.get(k + 1).text().equals(".")) {
        k += 2;
      } else {
        return k;
      }
    }
    return -1;
  }

  /** The last token of {@code expr AS name} starting at token i (AS at the expression's own level), or -1. */
  private static int replacementEnd(List<SqlTokens.Token> tokens, int i, int[] partner) {
    for (int k = i; k < tokens.size(); k = partner[k] > k ? partner[k] + 1 : k + 1) {
      if (tokens.get(k).isWord("AS")) {
        return k > i ? nameEnd(tokens, k + 1) : -1;
      }
      if (tokens.get(k).text().equals(")") || tokens.get(k).isWord("FROM")) {
        return -1;
      }
    }
    return -1;
  }

  private static boolean isFunctionName(SqlTokens.Token t) {
    return t.kind() == SqlTokens.Kind.QUOTED
        || t.kind() == SqlTokens.Kind.WORD && !NOT_FUNCTIONS.contains(t.upper())
        && !CALCITE_ORDERED.contains(t.upper());
  }

  /** Index of an ORDER (followed by BY) directly inside the parentheses opened at token i, or -1. */
  private static int topLevelOrderBy(List<SqlTokens.Token> tokens, int open, int[] partner) {
    for (int k = open + 1; k < partner[open]; k = partner[k] > k ? partner[k] + 1 : k + 1) {
      if (tokens.get(k).isWord("ORDER") && tokens.get(k + 1).isWord("BY")) {
        return k;
      }
    }
    return -1;
  }

  /** The edits that make {@code x[lo:hi:step]} a marker call, if the brackets at token i hold a slice. */
  private static void slice(List<SqlTokens.Token> tokens, int open, int[] partner, List<Edit> edits,
      SourceMap toUser, String user) throws SQLException {
    int close = partner[open];
    List<Integer> colons = new ArrayList<>();
    for (int k = open + 1; k < close; k = partner[k] > k ? partner[k] + 1 : k + 1) {
      if (tokens.get(k).text().equals(":") && !adjacentColon(tokens, k - 1, k) && !adjacentColon(tokens, k, k + 1)) {
        colons.add(k);
      }
    }
    if (colons.isEmpty()) {
      return;
    }
    if (colons.size() > 2) {
      int[] at = TimeTravelSyntax.lineColumn(user, toUser.toSource(tokens.get(colons.get(2)).start()));
      throw new LakehouseSqlException("Syntax error: a slice has at most three parts, [start:end:step]",
          SqlState.SYNTAX, at[0], at[1], null);
    }
    SqlTokens.Token bracket = tokens.get(open);
    String call = "[" + SLICE_MARKER + "(" + (colons.get(0) == open + 1 ? "DEFAULT" : "");
    edits.add(new Edit(bracket.start(), bracket.end(), call, Mark.SLICE, 1));
    for (int colon : colons) {
      boolean empty = colon + 1 == close || colons.contains(colon + 1);
      SqlTokens.Token c = tokens.get(colon);
      edits.add(new Edit(c.start(), c.end(), empty ? ", DEFAULT" : ",", null));
    }
    SqlTokens.Token end = tokens.get(close);
    edits.add(new Edit(end.start(), end.end(), ")]", null));
  }

  private static boolean adjacentColon(List<SqlTokens.Token> tokens, int a, int b) {
    return a >= 0 && b < tokens.size() && tokens.get(a).text().equals(":") && tokens.get(b).text().equals(":")
        && tokens.get(a).end() == tokens.get(b).start();
  }

  /** Puts the DuckDB forms back into the parsed tree, at the marked positions of {@code rewritten}. */
  static SqlNode restore(SqlNode query, Marks marks, String rewritten) {
    if (marks.isEmpty()) {
      return query;
    }
    int[] lineStarts = lineStarts(rewritten);
    return query.accept(new SqlShuttle() {
      @Override
      public SqlNode visit(SqlIdentifier id) {
        if (marks.of(Mark.ALL).contains(start(id.getParserPosition()))) {
          return DuckDbOperators.BY_ALL.createCall(id.getParserPosition());
        }
        return id;
      }

      @Override
      public SqlNode visit(SqlCall original) {
        SqlNode visited = super.visit(original);
        if (!(visited instanceof SqlCall call)) {
          return visited;
        }
        if (call.getKind() == SqlKind.DIVIDE && isIntegerDivision(call)) {
          return DuckDbOperators.INTEGER_DIVIDE.createCall(call.getParserPosition(), call.getOperandList());
        }
        if (call.getKind() == SqlKind.ITEM && call.operand(1) instanceof SqlCall bounds
            && marks.of(Mark.SLICE).contains(start(bounds.getParserPosition()))) {
          return SqlStdOperatorTable.ITEM.createCall(call.getParserPosition(), call.operand(0),
              DuckDbOperators.SLICE.createCall(bounds.getParserPosition(), bounds.getOperandList()));
        }
        if (call.getKind() == SqlKind.WITHIN_GROUP && call.operand(0) instanceof SqlCall aggregate
            && aggregate.getOperator() instanceof SqlFunction function
            && marks.of(Mark.ORDERED_AGGREGATE).contains(start(aggregate.getParserPosition()))
            && !isQualified(function)) {
          return DuckDbOperators.orderedAggregate(aggregate, (SqlNodeList) call.operand(1));
        }
        return call;
      }

      /** A {@code //} lies between the end of the left operand and the start of the right one. */
      private boolean isIntegerDivision(SqlCall divide) {
        int leftEnd = end(divide.operand(0).getParserPosition());
        Integer operator = marks.of(Mark.INTEGER_DIVISION).higher(leftEnd);
        return operator != null && operator < start(divide.operand(1).getParserPosition());
      }

      private int start(SqlParserPos pos) {
        return offset(lineStarts, pos.getLineNum(), pos.getColumnNum());
      }

      private int end(SqlParserPos pos) {
        return offset(lineStarts, pos.getEndLineNum(), pos.getEndColumnNum());
      }
    });
  }

  private static boolean isQualified(SqlFunction function) {
    return function.getSqlIdentifier() != null && function.getSqlIdentifier().names.size() > 1;
  }

  private static int[] lineStarts(String text) {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int offset(int[] lineStarts, int line, int column) {
    if (line < 1 || line > lineStarts.length) {
      return -1;
    }
    return lineStarts[line - 1] + column - 1;
  }
}
