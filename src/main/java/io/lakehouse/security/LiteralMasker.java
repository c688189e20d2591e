package io.lakehouse.security;

/**
 * Replaces string and number literals in SQL text by {@code ?}, so that an audit record shows the statement's shape
 * without the values in it (customer ids, e-mail addresses, amounts). Identifiers, quoted identifiers, keywords,
 * parameters ({@code ?}, {@code $1}) and comments stay as written. A prefixed string ({@code E'..'},
 * {@code X'..'}) loses its prefix too; {@code TIMESTAMP '2024-01-01'} becomes {@code TIMESTAMP ?}.
 */
final class LiteralMasker {
  private LiteralMasker() {}

  static String mask(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        out.append(sql, i, end);
        i = end;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        out.append(sql, i, end);
        i = end;
      } else if (c == '"') {
        int end = quoted(sql, i, '"');
        out.append(sql, i, end);
        i = end;
      } else if (c == '\'') {
        dropPrefix(out);
        out.append('?');
        i = quoted(sql, i, '\'');
      } else if (c == '$' && i + 1 < n && sql.charAt(i + 1) == '$') {
        int end = sql.indexOf("$$", i + 2);
        out.append('?');
        i = end < 0 ? n : end + 2;
      } else if (!identifierBefore(out) && (Character.isDigit(c)
          || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))))) {
        i = number(sql, i);
        out.append('?');
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** End (exclusive) of a quoted run starting at {@code start}; doubled quotes are escapes. */
  private static int quoted(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  private static int number(String sql, int start) {
    int i = start;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
        i++;
      } else if ((c == '+' || c == '-') && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E')
          && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1))) {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  /** Whether the text so far ends inside a word (so a digit continues an identifier such as t1 or $1). */
  private static boolean identifierBefore(StringBuilder out) {
    if (out.isEmpty()) {
      return false;
    }
    char p = out.charAt(out.length() - 1);
    return Character.isLetterOrDigit(p) || p == '_' || p == '$';
  }

  /** Removes a one-letter string prefix (E, X, B, N, R) written right before the quote. */
  private static void dropPrefix(StringBuilder out) {
    int len = out.length();
    if (len >= 1 && Character.isLetter(out.charAt(len - 1))
        && (len == 1 || !(Character.isLetterOrDigit(out.charAt(len - 2)) || out.charAt(len - 2) == '_'))) {
      out.setLength(len - 1);
    }
  }
}
