package io.lakehouse.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal SQL tokenizer: words, quoted identifiers, string literals, comments and single characters. It only
 * needs to know where strings, identifiers and comments begin and end, so that the time-travel rewrite never
 * touches text inside them.
 */
final class SqlTokens {
  enum Kind { WORD, QUOTED, STRING, SYMBOL }

  record Token(Kind kind, int start, int end, String text) {
    /** Upper-cased text for words; the raw text otherwise. */
    String upper() {
      return kind == Kind.WORD ? text.toUpperCase(Locale.ROOT) : text;
    }

    boolean isWord(String word) {
      return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }
  }

  /** A dotted name, {@code a."B c".d}: its parts unquoted, and which were quoted. */
  record DottedName(List<String> parts, List<Boolean> quoted) {}

  /**
   * Reads tokens [from, end) as one dotted name (words and quoted identifiers joined by dots).
   *
   * @return the name, or null when the tokens are not one; {@code bad[0]} is then the offending token's index
   */
  static DottedName dottedName(List<Token> tokens, int from, int end, int[] bad) {
    List<String> parts = new java.util.ArrayList<>();
    List<Boolean> quoted = new java.util.ArrayList<>();
    for (int i = from; i < end; i++) {
      Token t = tokens.get(i);
      boolean namePosition = (i - from) % 2 == 0;
      if (namePosition && t.kind() == Kind.WORD) {
        parts.add(t.text());
        quoted.add(false);
      } else if (namePosition && t.kind() == Kind.QUOTED) {
        parts.add(t.text().substring(1, t.text().length() - 1).replace("\"\"", "\""));
        quoted.add(true);
      } else if (namePosition || !t.text().equals(".") || i == end - 1) {
        bad[0] = i;
        return null;
      }
    }
    return new DottedName(List.copyOf(parts), List.copyOf(quoted));
  }

  private SqlTokens() {}

  /** Tokens of the text, comments and whitespace skipped. Unterminated strings run to the end. */
  static List<Token> tokenize(String sql) {
    List<Token> out = new ArrayList<>();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        // As in Calcite's parser, a line comment ends at a newline or a carriage return.
        while (i < n && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else if ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\''
          && (i == 0 || !isWordChar(sql.charAt(i - 1)))) {
        // An escape string E'...' (Calcite and DuckDB): a backslash escapes the next character, '' is a quote.
        int start = i;
        i += 2;
        while (i < n) {
          char d = sql.charAt(i);
          if (d == '\\' && i + 1 < n) {
            i += 2;
          } else if (d == '\'' && i + 1 < n && sql.charAt(i + 1) == '\'') {
            i += 2;
          } else if (d == '\'') {
            i++;
            break;
          } else {
            i++;
          }
        }
        out.add(new Token(Kind.STRING, start, i, sql.substring(start, i)));
      } else if (c == '\'' || c == '"') {
        int start = i;
        i++;
        while (i < n) {
          if (sql.charAt(i) == c) {
            if (i + 1 < n && sql.charAt(i + 1) == c) {
              i += 2;
              continue;
            }
            i++;
            break;
          }
          i++;
        }
        out.add(new Token(c == '\'' ? Kind.STRING : Kind.QUOTED, start, i, sql.substring(start, i)));
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < n && isWordChar(sql.charAt(i))) {
          i++;
        }
        out.add(new Token(Kind.WORD, start, i, sql.substring(start, i)));
      } else {
        out.add(new Token(Kind.SYMBOL, i, i + 1, String.valueOf(c)));
        i++;
      }
    }
    return out;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}
