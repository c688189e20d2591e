package io.lakehouse.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at semicolons outside string literals, quoted identifiers and comments.
 * Statements keep their text as written (without the semicolon); empty ones and comment-only ones are dropped.
 */
final class SqlScript {
  private SqlScript() {}

  /** One statement and the line of the text it starts on (1-based), for messages about scripts. */
  record Statement(String sql, int line) {}

  static List<Statement> split(String text) {
    List<Statement> statements = new ArrayList<>();
    Scan scan = new Scan(text);
    int start = 0;
    while (true) {
      int end = scan.nextSemicolon();
      String sql = text.substring(start, end < 0 ? text.length() : end);
      if (hasCode(sql)) {
        int lead = leadingSpace(sql);
        statements.add(new Statement(sql.substring(lead).stripTrailing(), lineOf(text, start + lead)));
      }
      if (end < 0) {
        return statements;
      }
      start = end + 1;
    }
  }

  /**
   * Whether interactive input is a complete statement: it ends (after blanks and comments) with a semicolon that
   * is outside strings and comments, or it is a shell command (quit, exit, help).
   */
  static boolean isComplete(String text) {
    String t = text.strip();
    if (t.isEmpty() || isCommand(t)) {
      return true;
    }
    Scan scan = new Scan(text);
    int last = -1;
    for (int at = scan.nextSemicolon(); at >= 0; at = scan.nextSemicolon()) {
      last = at;
    }
    return !scan.open && last >= 0 && !hasCode(text.substring(last + 1));
  }

  /** quit / exit / \q, with or without a semicolon. */
  static boolean isCommand(String text) {
    String t = text.strip().replaceAll(";+$", "").strip().toLowerCase(java.util.Locale.ROOT);
    return t.equals("quit") || t.equals("exit") || t.equals("\\q") || t.equals("help");
  }

  /** Whether the text holds anything but blanks and comments. */
  static boolean hasCode(String text) {
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (text.startsWith("--", i)) {
        int nl = text.indexOf('\n', i);
        i = nl < 0 ? text.length() : nl + 1;
      } else if (text.startsWith("/*", i)) {
        int close = text.indexOf("*/", i + 2);
        i = close < 0 ? text.length() : close + 2;
      } else {
        return true;
      }
    }
    return false;
  }

  private static int leadingSpace(String sql) {
    int i = 0;
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** A cursor that skips quoted text and comments; {@code open} tells whether the text ended inside one. */
  private static final class Scan {
    private final String text;
    private int i;
    boolean open;

    Scan(String text) {
      this.text = text;
    }

    int nextSemicolon() {
      while (i < text.length()) {
        char c = text.charAt(i);
        if (c == ';') {
          return i++;
        } else if (c == '\'' || c == '"') {
          i = closing(c, i + 1);
        } else if (text.startsWith("--", i)) {
          int nl = text.indexOf('\n', i);
          i = nl < 0 ? text.length() : nl + 1;
        } else if (text.startsWith("/*", i)) {
          int close = text.indexOf("*/", i + 2);
          open = close < 0;
          i = close < 0 ? text.length() : close + 2;
        } else {
          i++;
        }
      }
      return -1;
    }

    /** After a quote: the index past its closing quote (a doubled quote is part of the text). */
    private int closing(char quote, int from) {
      int j = from;
      while (j < text.length()) {
        if (text.charAt(j) == quote) {
          if (j + 1 < text.length() && text.charAt(j + 1) == quote) {
            j += 2;
            continue;
          }
          return j + 1;
        }
        j++;
      }
      open = true;
      return text.length();
    }
  }
}
