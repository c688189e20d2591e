package io.lakehouse.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns every time-travel spelling into Calcite's {@code FOR SYSTEM_TIME AS OF <expr>} before parsing, and
 * remembers which kind each one was:
 * <ul>
 *   <li>{@code FOR VERSION AS OF}, {@code FOR SYSTEM_VERSION AS OF} (Trino), {@code VERSION AS OF} (Spark):
 *       a version, snapshot id, or branch / tag name</li>
 *   <li>{@code FOR TIMESTAMP AS OF}, {@code FOR SYSTEM_TIME AS OF}, {@code TIMESTAMP AS OF} (Spark): a point in
 *       time</li>
 * </ul>
 * The kind is keyed by where the expression starts in the rewritten text, which is exactly the parser position
 * Calcite gives the snapshot's period expression. Positions in parse errors are mapped back to the user's text.
 */
final class TimeTravelSyntax {
  enum Kind { VERSION, TIMESTAMP }

  private static final String CALCITE_CLAUSE = "FOR SYSTEM_TIME AS OF";
  private static final Set<String> VERSION_WORDS = Set.of("VERSION", "SYSTEM_VERSION");
  private static final Set<String> CLAUSE_WORDS = Set.of("VERSION", "SYSTEM_VERSION", "TIMESTAMP", "SYSTEM_TIME");
  /** Words after which a bare {@code VERSION AS OF} is not a table suffix. */
  private static final Set<String> NOT_A_TABLE = Set.of("AS", "CAST", "SELECT", "BY", "ON", "AND", "OR", "NOT",
      "WHERE", "HAVING", "THEN", "ELSE", "WHEN", "IS", "IN");

  private final String original;
  private final String rewritten;
  /** Edits in text order: original [start, end) became replacement at rewritten offset. */
  private final List<int[]> edits;
  private final Map<Integer, Kind> kindByExpressionOffset;

  private TimeTravelSyntax(String original, String rewritten, List<int[]> edits, Map<Integer, Kind> kinds) {
    this.original = original;
    this.rewritten = rewritten;
    this.edits = edits;
    this.kindByExpressionOffset = kinds;
  }

  static TimeTravelSyntax rewrite(String sql) {
    List<SqlTokens.Token> tokens = SqlTokens.tokenize(sql);
    StringBuilder out = new StringBuilder();
    List<int[]> edits = new ArrayList<>();
    Map<Integer, Kind> kinds = new HashMap<>();
    int copied = 0;
    int scanDepth = 0;
    int depth = 0;
    for (int i = 0; i < tokens.size(); i++) {
      SqlTokens.Token t = tokens.get(i);
      if (t.text().equals("(")) {
        depth++;
        if (i > 0 && (tokens.get(i - 1).isWord("delta_scan") || tokens.get(i - 1).isWord("iceberg_scan"))) {
          scanDepth = depth;
        }
      } else if (t.text().equals(")")) {
        if (depth == scanDepth) {
          scanDepth = 0;
        }
        depth--;
      }
      if (t.kind() == SqlTokens.Kind.WORD && isNamedArgument(tokens, i, scanDepth > 0 && depth == scanDepth)) {
        // Argument names such as timestamp or ref are reserved words to Calcite; quote them.
        out.append(sql, copied, t.start());
        String quoted = "\"" + t.text().toLowerCase(java.util.Locale.ROOT) + "\"";
        edits.add(new int[] {t.start(), t.end(), out.length(), quoted.length()});
        out.append(quoted);
        copied = t.end();
        continue;
      }
      int clauseLength;
      Kind kind;
      if (t.isWord("FOR") && is(tokens, i + 1, CLAUSE_WORDS) && isWord(tokens, i + 2, "AS")
          && isWord(tokens, i + 3, "OF")) {
        clauseLength = 4;
        kind = VERSION_WORDS.contains(tokens.get(i + 1).upper()) ? Kind.VERSION : Kind.TIMESTAMP;
      } else if ((t.isWord("VERSION") || t.isWord("TIMESTAMP")) && isWord(tokens, i + 1, "AS")
          && isWord(tokens, i + 2, "OF") && i > 0 && followsTableName(tokens.get(i - 1))) {
        clauseLength = 3;
        kind = t.isWord("VERSION") ? Kind.VERSION : Kind.TIMESTAMP;
      } else {
        continue;
      }
      int start = t.start();
      int end = tokens.get(i + clauseLength - 1).end();
      out.append(sql, copied, start);
      edits.add(new int[] {start, end, out.length(), CALCITE_CLAUSE.length()});
      out.append(CALCITE_CLAUSE);
      copied = end;
      if (i + clauseLength < tokens.size()) {
        int exprStart = tokens.get(i + clauseLength).start();
        kinds.put(out.length() + (exprStart - end), kind);
      }
      i += clauseLength - 1;
    }
    out.append(sql.substring(copied));
    return new TimeTravelSyntax(sql, out.toString(), edits, kinds);
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
    int offset = offset(rewritten, line, column);
    int delta = 0;
    for (int[] e : edits) {
      int newStart = e[2];
      int newEnd = newStart + e[3];
      if (offset < newStart) {
        break;
      }
      if (offset < newEnd) {
        return lineColumn(original, e[0]);
      }
      delta = e[1] - newEnd;
    }
    return lineColumn(original, Math.max(0, Math.min(original.length(), offset + delta)));
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
