package io.lakehouse.sql;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * DuckDB's FROM-first queries, rewritten into the SELECT Calcite parses, at the top level and in every sub-query,
 * CTE body and set-operation branch:
 * <ul>
 *   <li>{@code FROM t [WHERE ...] [...]} is {@code SELECT * FROM t [WHERE ...] [...]};</li>
 *   <li>{@code FROM t SELECT a, b [WHERE ...] [...]} is {@code SELECT a, b FROM t [WHERE ...] [...]}.</li>
 * </ul>
 * As in DuckDB's grammar, SELECT may only follow the FROM list directly. The pieces of the user's text are moved,
 * not retyped, so the {@link SourceMap} points every position back into the user's text.
 */
final class FromFirst {
  /** Words that end a FROM list (besides SELECT) or a FROM-first select list, at the query's own nesting level. */
  private static final Set<String> CLAUSES = Set.of("FROM", "WHERE", "GROUP", "HAVING", "WINDOW", "QUALIFY", "ORDER",
      "LIMIT", "OFFSET", "FETCH");
  private static final Set<String> SET_OPERATIONS = Set.of("UNION", "INTERSECT", "EXCEPT");

  private final String sql;
  private final List<SqlTokens.Token> tokens;
  /** For each bracket token, the index of its partner; -1 for other tokens and unmatched brackets. */
  private final int[] partner;
  private final SourceMap.Builder out;

  private FromFirst(String sql, List<SqlTokens.Token> tokens) {
    this.sql = sql;
    this.tokens = tokens;
    this.partner = partners(tokens);
    this.out = new SourceMap.Builder(sql);
  }

  /**
   * The text with every FROM-first query turned around, and its map back to {@code sql}; text before {@code from}
   * (a DESCRIBE / SHOW head) is kept as it is. Null when there is no FROM-first query.
   */
  static Rewrite rewrite(String sql, int from) {
    List<SqlTokens.Token> tokens = SqlTokens.tokenize(sql).stream().filter(t -> t.start() >= from).toList();
    FromFirst f = new FromFirst(sql, tokens);
    boolean any = false;
    for (int i = 0; i < tokens.size() && !any; i++) {
      any = f.startsQuery(i);
    }
    if (!any) {
      return null;
    }
    f.out.copy(0, tokens.get(0).start());
    f.emit(0, tokens.size());
    f.out.copy(tokens.get(tokens.size() - 1).end(), sql.length());
    return new Rewrite(f.out.text(), f.out.map());
  }

  /** A rewritten text and its map back to the text it was made from. */
  record Rewrite(String text, SourceMap map) {}

  /** Whether token i is a FROM that starts a query rather than continuing a SELECT (or TRIM(FROM x)). */
  private boolean startsQuery(int i) {
    if (!tokens.get(i).isWord("FROM")) {
      return false;
    }
    if (i == 0) {
      return true;
    }
    SqlTokens.Token previous = tokens.get(i - 1);
    if (previous.text().equals("(")) {
      return i < 2 || !tokens.get(i - 2).isWord("TRIM");
    }
    if (isSetOperation(i - 1)) {
      return true;
    }
    if ((previous.isWord("ALL") || previous.isWord("DISTINCT")) && i >= 2 && isSetOperation(i - 2)) {
      return true;
    }
    // The body after a WITH list: WITH x AS (...) FROM x
    if (previous.text().equals(")") && partner[i - 1] > 0) {
      SqlTokens.Token beforeOpen = tokens.get(partner[i - 1] - 1);
      return beforeOpen.isWord("AS") || beforeOpen.isWord("MATERIALIZED");
    }
    return false;
  }

  private boolean isSetOperation(int i) {
    return tokens.get(i).kind() == SqlTokens.Kind.WORD && SET_OPERATIONS.contains(tokens.get(i).upper());
  }

  /** Appends the text of tokens [lo, hi) (and what lies between them), turning FROM-first queries around. */
  private void emit(int lo, int hi) {
    int copiedFrom = tokens.get(lo).start();
    int i = lo;
    while (i < hi) {
      if (!startsQuery(i)) {
        i++;
        continue;
      }
      out.copy(copiedFrom, tokens.get(i).start());
      int end = queryEnd(i, hi);
      turnAround(i, end);
      copiedFrom = tokens.get(end - 1).end();
      i = end;
    }
    out.copy(copiedFrom, tokens.get(hi - 1).end());
  }

  /** The end (exclusive) of the query starting at token i: a set operation or closing bracket at its level. */
  private int queryEnd(int i, int hi) {
    int k = i + 1;
    while (k < hi) {
      SqlTokens.Token t = tokens.get(k);
      if (isSetOperation(k) || t.text().equals(")") || t.text().equals("]") || t.text().equals("}")) {
        return k;
      }
      k = partner[k] > k ? Math.min(partner[k] + 1, hi) : k + 1;
    }
    return hi;
  }

  /** Index of the first clause word (or SELECT) at the query's own level in [from, to), or to. */
  private int clause(int from, int to, boolean orSelect) {
    int k = from;
    while (k < to) {
      if (isClause(k) || orSelect && tokens.get(k).isWord("SELECT")) {
        return k;
      }
      k = partner[k] > k ? Math.min(partner[k] + 1, to) : k + 1;
    }
    return to;
  }

  /** A clause word, not the GROUP of WITHIN GROUP or the FROM of IS [NOT] DISTINCT FROM. */
  private boolean isClause(int k) {
    SqlTokens.Token t = tokens.get(k);
    if (t.kind() != SqlTokens.Kind.WORD || !CLAUSES.contains(t.upper())) {
      return false;
    }
    SqlTokens.Token previous = k > 0 ? tokens.get(k - 1) : null;
    return previous == null || !(t.isWord("GROUP") && previous.isWord("WITHIN")
        || t.isWord("FROM") && previous.isWord("DISTINCT"));
  }

  /** Writes the FROM-first query at tokens [from, end) as SELECT ... FROM ... . */
  private void turnAround(int from, int end) {
    SqlTokens.Token fromWord = tokens.get(from);
    int listEnd = clause(from + 1, end, true);
    if (listEnd == end || !tokens.get(listEnd).isWord("SELECT")) {
      // FROM t [WHERE ...]: nothing moves.
      out.insert("SELECT * ", fromWord.start());
      fromList(from, end);
      return;
    }
    int selectEnd = clause(listEnd + 1, end, false);
    emit(listEnd, selectEnd);
    out.insert(" ", fromWord.start());
    fromList(from, listEnd);
    if (selectEnd < end) {
      out.insert(" ", tokens.get(selectEnd).start());
      emit(selectEnd, end);
    }
  }

  /** Copies the FROM keyword and what follows it up to token {@code to} (exclusive). */
  private void fromList(int from, int to) {
    if (from + 1 < to) {
      out.copy(tokens.get(from).start(), tokens.get(from + 1).start());
      emit(from + 1, to);
    } else {
      out.copy(tokens.get(from).start(), tokens.get(from).end());
    }
  }

  /** Matching (), [] and {} pairs; unmatched brackets get -1 (the parser reports them). */
  static int[] partners(List<SqlTokens.Token> tokens) {
    int[] partner = new int[tokens.size()];
    java.util.Arrays.fill(partner, -1);
    Deque<Integer> open = new ArrayDeque<>();
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i).text();
      if (tokens.get(i).kind() != SqlTokens.Kind.SYMBOL) {
        continue;
      }
      if (t.equals("(") || t.equals("[") || t.equals("{")) {
        open.push(i);
      } else if ((t.equals(")") || t.equals("]") || t.equals("}")) && !open.isEmpty()
          && closes(tokens.get(open.peek()).text(), t)) {
        int o = open.pop();
        partner[o] = i;
        partner[i] = o;
      }
    }
    return partner;
  }

  private static boolean closes(String open, String close) {
    return open.equals("(") ? close.equals(")") : open.equals("[") ? close.equals("]") : close.equals("}");
  }
}
