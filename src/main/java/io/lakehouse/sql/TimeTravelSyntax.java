package io.lakehouse.sql;

import io.lakehouse.table.TableFormats;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites the parts of the user's SQL that Calcite's grammar lacks, before parsing: DuckDB's literals
 * ({@code [1, 2]} → {@code ARRAY[1, 2]}, {@code {'k': v}} → {@code struct_pack("k" => v)}, {@code MAP {k: v}} →
 * {@code MAP[k, v]}), named arguments that are reserved words ({@code timestamp => ...}), and every time-travel
 * spelling into Calcite's {@code FOR SYSTEM_TIME AS OF <expr>}, remembering which kind each one was:
 * <ul>
 *   <li>{@code FOR VERSION AS OF}, {@code FOR SYSTEM_VERSION AS OF} (Trino), {@code VERSION AS OF} (Spark):
 *       a version, snapshot id, or branch / tag name</li>
 *   <li>{@code FOR TIMESTAMP AS OF}, {@code FOR SYSTEM_TIME AS OF}, {@code TIMESTAMP AS OF} (Spark): a point in
 *       time</li>
 * </ul>
 * The kind is keyed by where the expression starts in the rewritten text, which is exactly the parser position
 * Calcite gives the snapshot's period expression. Before it, {@link FromFirst} turns FROM-first queries around;
 * after it, {@link DuckDbSyntax} marks DuckDB's expressions ({@code //}, slices, {@code GROUP BY ALL}, ordered
 * aggregates). Every position Calcite reports is mapped back through all three steps ({@link SourceMap}) to the
 * user's text.
 */
final class TimeTravelSyntax {
  enum Kind { VERSION, TIMESTAMP }

  private static final String CALCITE_CLAUSE = "FOR SYSTEM_TIME AS OF";
  private static final Set<String> VERSION_WORDS = Set.of("VERSION", "SYSTEM_VERSION");
  private static final Set<String> CLAUSE_WORDS = Set.of("VERSION", "SYSTEM_VERSION", "TIMESTAMP", "SYSTEM_TIME");
  /** DuckDB functions that Calcite's Babel grammar knows as special forms with other arguments. */
  private static final Set<String> DUCKDB_FUNCTIONS = Set.of("DATE_DIFF", "DATEDIFF", "DATE_ADD", "DATE_SUB",
      "DATE_PART", "DATEPART", "TIME_DIFF", "TIMESTAMP_DIFF", "TIMESTAMP_ADD", "TIMESTAMP_SUB", "DATETIME_DIFF",
      "DATE_FROM_UNIX_DATE", "TIME_ADD", "TIME_SUB", "DATETIME_ADD", "DATETIME_SUB", "DATETIME_TRUNC",
      "TIMESTAMP_TRUNC", "TIME_TRUNC", "FORMAT_DATE", "FORMAT_TIME", "FORMAT_TIMESTAMP", "PARSE_DATE",
      "PARSE_TIME", "PARSE_TIMESTAMP", "CONTAINS_SUBSTR", "STRPOS", "LOG", "FIRST", "LAST",
      // A reserved word to Calcite (window frames), DuckDB's row generator in FROM: range(3).
      "RANGE");
  /** Words after which {@code [} starts a list literal (an operand is expected), not a subscript. */
  private static final Set<String> OPERATOR_WORDS = Set.of("SELECT", "WHERE", "AND", "OR", "NOT", "IN", "THEN",
      "ELSE", "WHEN", "CASE", "ON", "BY", "VALUES", "IS", "LIKE", "ILIKE", "BETWEEN", "DISTINCT", "ALL", "ANY",
      "SOME", "HAVING", "QUALIFY", "RETURN", "LIMIT", "OFFSET", "AS", "FROM");
  /** Words after which a bare {@code VERSION AS OF} is not a table suffix. */
  private static final Set<String> NOT_A_TABLE = Set.of("AS", "CAST", "SELECT", "BY", "ON", "AND", "OR", "NOT",
      "WHERE", "HAVING", "THEN", "ELSE", "WHEN", "IS", "IN");

  private final String original;
  private final String rewritten;
  /** From the rewritten text back to the user's. */
  private final SourceMap map;
  private final Map<Integer, Kind> kindByExpressionOffset;
  private final DuckDbSyntax.Marks duckDb;

  private TimeTravelSyntax(String original, String rewritten, SourceMap map, Map<Integer, Kind> kinds,
      DuckDbSyntax.Marks duckDb) {
    this.original = original;
    this.rewritten = rewritten;
    this.map = map;
    this.kindByExpressionOffset = kinds;
    this.duckDb = duckDb;
  }

  /** The rewrite of a text with nothing to rewrite (SHOW TABLES, row filters). */
  static TimeTravelSyntax none() {
    return new TimeTravelSyntax("", "", SourceMap.identity(0), Map.of(), DuckDbSyntax.Marks.NONE);
  }

  static TimeTravelSyntax rewrite(String sql) throws SQLException {
    return rewrite(sql, 0, 0, null);
  }

  /**
   * Rewrites the text after first replacing its head, {@code [headStart, headEnd)}, by {@code head} (DESCRIBE's
   * {@code SELECT * FROM}); positions inside the head map back to its start. Three steps, each mapping positions
   * back to the one before: {@link FromFirst} queries turned around, then time travel and DuckDB's literals (here),
   * then {@link DuckDbSyntax}'s expressions.
   *
   * @throws SQLException 42000 for DuckDB syntax that is malformed in a way the parser would misreport
   */
  static TimeTravelSyntax rewrite(String sql, int headStart, int headEnd, String head) throws SQLException {
    // JDBC escapes first: they only follow a DESCRIBE / SHOW head, so its offsets stay valid.
    JdbcEscapes.Rewrite escapes = JdbcEscapes.rewrite(sql);
    String unescaped = escapes == null ? sql : escapes.text();
    FromFirst.Rewrite reordered = FromFirst.rewrite(unescaped, headEnd);
    SourceMap before = reordered == null ? (escapes == null ? null : escapes.map())
        : escapes == null ? reordered.map() : reordered.map().after(escapes.map());
    String source = reordered == null ? unescaped : reordered.text();
    List<SqlTokens.Token> tokens = SqlTokens.tokenize(source);
    SourceMap.Builder ed = new SourceMap.Builder(source);
    if (head != null) {
      ed.replace(headStart, headEnd, head);
      tokens = tokens.stream().filter(t -> t.start() >= headEnd).toList();
    }
    Map<Integer, Kind> kinds = new HashMap<>();
    int scanDepth = 0;
    int depth = 0;
    // Open DuckDB braces: true for MAP {k: v}, false for a struct {'k': v}; with the paren depth inside them.
    Deque<Boolean> braces = new ArrayDeque<>();
    Deque<Integer> braceDepth = new ArrayDeque<>();
    for (int i = 0; i < tokens.size(); i++) {
      SqlTokens.Token t = tokens.get(i);
      String text = t.text();
      SqlTokens.Token previous = i > 0 ? tokens.get(i - 1) : null;
      if (t.kind() == SqlTokens.Kind.SYMBOL) {
        if (text.equals("(") || text.equals("[")) {
          depth++;
          if (text.equals("(") && previous != null
              && previous.kind() == SqlTokens.Kind.WORD && TableFormats.byTableFunction(previous.text()).isPresent()) {
            scanDepth = depth;
          }
          if (text.equals("[") && startsListLiteral(previous)) {
            // DuckDB's list literal [1, 2] is Calcite's ARRAY[1, 2].
            ed.replace(t.start(), t.end(), "ARRAY[");
          }
        } else if (text.equals(")") || text.equals("]")) {
          if (depth == scanDepth) {
            scanDepth = 0;
          }
          depth--;
        } else if (text.equals("{")) {
          boolean map = previous != null && previous.isWord("MAP");
          braces.push(map);
          braceDepth.push(++depth);
          ed.replace(t.start(), t.end(), map ? "[" : "struct_pack(");
          if (!map && i + 2 < tokens.size() && tokens.get(i + 2).text().equals(":")) {
            i = structKey(tokens, i + 1, ed);
          }
        } else if (text.equals("}") && !braces.isEmpty()) {
          ed.replace(t.start(), t.end(), braces.pop() ? "]" : ")");
          braceDepth.pop();
          depth--;
        } else if (!braces.isEmpty() && depth == braceDepth.peek()) {
          if (text.equals(":") && braces.peek() && !isColon(tokens, i + 1) && !isColon(tokens, i - 1)) {
            ed.replace(t.start(), t.end(), ",");  // MAP {k: v} is MAP[k, v]
          } else if (text.equals(",") && !braces.peek() && i + 2 < tokens.size()
              && tokens.get(i + 2).text().equals(":") && !isColon(tokens, i + 3)) {
            i = structKey(tokens, i + 1, ed);
          }
        }
        continue;
      }
      if (t.kind() == SqlTokens.Kind.WORD && DUCKDB_FUNCTIONS.contains(t.upper()) && i + 1 < tokens.size()
          && tokens.get(i + 1).text().equals("(")) {
        // Calcite parses these with BigQuery's argument order; quoted, they are plain DuckDB function calls.
        ed.replace(t.start(), t.end(), "\"" + text.toLowerCase(Locale.ROOT) + "\"");
        continue;
      }
      if (t.kind() == SqlTokens.Kind.WORD && isNamedArgument(tokens, i, scanDepth > 0 && depth == scanDepth)) {
        // Argument names such as timestamp or ref are reserved words to Calcite; quote them.
        ed.replace(t.start(), t.end(), "\"" + text.toLowerCase(Locale.ROOT) + "\"");
        continue;
      }
      int clauseLength;
      Kind kind;
      if (t.isWord("FOR") && is(tokens, i + 1, CLAUSE_WORDS) && isWord(tokens, i + 2, "AS")
          && isWord(tokens, i + 3, "OF")) {
        clauseLength = 4;
        kind = VERSION_WORDS.contains(tokens.get(i + 1).upper()) ? Kind.VERSION : Kind.TIMESTAMP;
      } else if ((t.isWord("VERSION") || t.isWord("TIMESTAMP")) && isWord(tokens, i + 1, "AS")
          && isWord(tokens, i + 2, "OF") && previous != null && followsTableName(previous)) {
        clauseLength = 3;
        kind = t.isWord("VERSION") ? Kind.VERSION : Kind.TIMESTAMP;
      } else {
        continue;
      }
      int end = tokens.get(i + clauseLength - 1).end();
      ed.replace(t.start(), end, CALCITE_CLAUSE);
      if (i + clauseLength < tokens.size()) {
        kinds.put(ed.lengthAt(tokens.get(i + clauseLength).start()), kind);
      }
      i += clauseLength - 1;
    }
    String calcite = ed.finishInOrder();
    SourceMap map = before == null ? ed.map() : ed.map().after(before);
    DuckDbSyntax.Rewrite duckDb = DuckDbSyntax.rewrite(calcite, map, sql);
    if (duckDb == null) {
      return new TimeTravelSyntax(sql, calcite, map, kinds, DuckDbSyntax.Marks.NONE);
    }
    Map<Integer, Kind> moved = new HashMap<>();
    kinds.forEach((offset, kind) -> moved.put(duckDb.map().toText(offset), kind));
    return new TimeTravelSyntax(sql, duckDb.text(), duckDb.map().after(map), moved, duckDb.marks());
  }

  /** Positions of the DuckDB forms that {@link DuckDbSyntax#restore} puts back into the parsed tree. */
  DuckDbSyntax.Marks duckDbMarks() {
    return duckDb;
  }

  /** Rewrites a struct key ({@code 'k':} or {@code k:}) at token i as {@code "k" =>}; returns the colon's index. */
  private static int structKey(List<SqlTokens.Token> tokens, int i, SourceMap.Builder ed) {
    SqlTokens.Token key = tokens.get(i);
    String name = switch (key.kind()) {
      case STRING -> key.text().substring(1, key.text().length() - 1).replace("''", "'");
      case QUOTED -> key.text().substring(1, key.text().length() - 1).replace("\"\"", "\"");
      case WORD -> key.text();
      default -> null;
    };
    if (name == null) {
      return i - 1;
    }
    ed.replace(key.start(), tokens.get(i + 1).end(), "\"" + name.replace("\"", "\"\"") + "\" =>");
    return i + 1;
  }

  private static boolean isColon(List<SqlTokens.Token> tokens, int i) {
    return i >= 0 && i < tokens.size() && tokens.get(i).text().equals(":");
  }

  /** Whether a {@code [} after this token opens a list literal rather than a subscript. */
  private static boolean startsListLiteral(SqlTokens.Token previous) {
    if (previous == null) {
      return true;
    }
    if (previous.isWord("ARRAY") || previous.isWord("MAP")) {
      return false;
    }
    if (previous.kind() == SqlTokens.Kind.WORD) {
      return OPERATOR_WORDS.contains(previous.upper());
    }
    return previous.kind() == SqlTokens.Kind.SYMBOL && !previous.text().equals(")")
        && !previous.text().equals("]");
  }

  /** A word followed by {@code =>}, or inside a lakehouse scan's arguments by {@code =}. */
  private static boolean isNamedArgument(List<SqlTokens.Token> tokens, int i, boolean inScanArguments) {
    if (i + 1 >= tokens.size() || !tokens.get(i + 1).text().equals("=")) {
      return false;
    }
    boolean arrow = i + 2 < tokens.size() && tokens.get(i + 2).text().equals(">")
        && tokens.get(i + 2).start() == tokens.get(i + 1).end();
    boolean previousIsSeparator = i > 0 && (tokens.get(i - 1).text().equals(",")
        || tokens.get(i - 1).text().equals("("));
    return previousIsSeparator && (arrow || inScanArguments);
  }

  private static boolean followsTableName(SqlTokens.Token previous) {
    return previous.kind() == SqlTokens.Kind.QUOTED
        || (previous.kind() == SqlTokens.Kind.WORD && !NOT_A_TABLE.contains(previous.upper()))
        || previous.text().equals(")");
  }

  private static boolean is(List<SqlTokens.Token> tokens, int i, Set<String> words) {
    return i < tokens.size() && tokens.get(i).kind() == SqlTokens.Kind.WORD
        && words.contains(tokens.get(i).upper());
  }

  private static boolean isWord(List<SqlTokens.Token> tokens, int i, String word) {
    return i < tokens.size() && tokens.get(i).isWord(word);
  }

  String rewritten() {
    return rewritten;
  }

  /** The kind of the time-travel clause whose expression starts at this 1-based line/column of the rewritten text. */
  Kind kindAt(int line, int column) {
    Kind k = kindByExpressionOffset.get(offset(rewritten, line, column));
    return k == null ? Kind.TIMESTAMP : k;
  }

  /** Maps a 1-based line/column of the rewritten text to the user's text: {line, column}. */
  int[] toOriginal(int line, int column) {
    int offset = map.toSource(offset(rewritten, line, column));
    return lineColumn(original, Math.max(0, Math.min(original.length(), offset)));
  }

  static int offset(String text, int line, int column) {
    int l = 1;
    int i = 0;
    while (l < line && i < text.length()) {
      if (text.charAt(i) == '\n') {
        l++;
      }
      i++;
    }
    return i + Math.max(0, column - 1);
  }

  static int[] lineColumn(String text, int offset) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < offset && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new int[] {line, col};
  }
}
