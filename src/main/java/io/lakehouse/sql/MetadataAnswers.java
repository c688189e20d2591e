package io.lakehouse.sql;

import io.lakehouse.SqlState;
import io.lakehouse.engine.DuckDbDialect;
import io.lakehouse.engine.DuckDbTypes;
import io.lakehouse.engine.EngineSession;
import io.lakehouse.engine.ScanRenderer;
import io.lakehouse.table.ColumnStats;
import io.lakehouse.table.FieldType;
import io.lakehouse.table.ScanColumn;
import io.lakehouse.table.ScanFile;
import io.lakehouse.table.ScanPlan;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Answers {@code SELECT count(*), min(c), max(c) FROM t [WHERE <partition columns only>]} from the table's
 * metadata (Delta add-action stats, Iceberg manifest metrics) instead of reading data files, when that is exact;
 * otherwise the query runs as a scan, silently.
 *
 * <p>How: the table reference becomes a small relation with two rows per non-empty data file, both holding the
 * file's partition values; for a column answered from statistics, the first row holds the file's minimum and the
 * second its maximum; the first row also holds the file's record count. DuckDB evaluates the user's own WHERE over
 * those rows (partition values are constant within a file, so a file's rows all pass or all fail, with DuckDB's
 * semantics, casts and session time zone), its own {@code min} / {@code max} over them, and {@code count(*)} becomes
 * the sum of record counts. The result's column names and types are DuckDB's for the user's query itself: it is
 * also run over the relation with {@code LIMIT 0} and the answer row is appended with {@code UNION ALL}.
 *
 * <p>Exact only when: one table, no grant restriction (row filter or columns), no GROUP BY / HAVING / ORDER BY /
 * LIMIT / DISTINCT / window, only {@code count(*)} / {@code count(literal)} / {@code min(column)} /
 * {@code max(column)}; a WHERE of comparisons, IN, BETWEEN, null tests, casts, literals and parameters on columns
 * whose values are per-file constants in every file; no file with deletes; every file's record count known; for a
 * min / max column, every file's bounds exact (see {@link ColumnStats}) or the column a partition constant.
 */
final class MetadataAnswers {
  /** The record-count column of the relation; a table column of this name makes the query a scan. */
  static final String ROWS = "__lakehouse_record_count";

  /** WHERE operators that are deterministic and evaluated per row from the row's values alone. */
  private static final Set<SqlKind> WHERE_KINDS = Set.of(SqlKind.AND, SqlKind.OR, SqlKind.NOT, SqlKind.EQUALS,
      SqlKind.NOT_EQUALS, SqlKind.LESS_THAN, SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN,
      SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.IN, SqlKind.NOT_IN, SqlKind.BETWEEN, SqlKind.IS_NULL,
      SqlKind.IS_NOT_NULL, SqlKind.IS_TRUE, SqlKind.IS_FALSE, SqlKind.IS_NOT_TRUE, SqlKind.IS_NOT_FALSE,
      SqlKind.IS_DISTINCT_FROM, SqlKind.IS_NOT_DISTINCT_FROM, SqlKind.CAST, SqlKind.LITERAL,
      SqlKind.DYNAMIC_PARAM, SqlKind.IDENTIFIER);

  private final SqlSelect select;
  private final TableReference ref;
  /** Lower-cased names of the columns min / max read. */
  private final Set<String> boundColumns;
  /** Lower-cased names of the columns the WHERE reads. */
  private final Set<String> whereColumns;

  private MetadataAnswers(SqlSelect select, TableReference ref, Set<String> boundColumns, Set<String> whereColumns) {
    this.select = select;
    this.ref = ref;
    this.boundColumns = boundColumns;
    this.whereColumns = whereColumns;
  }

  /**
   * The query's shape, if it is one that metadata may answer (checked again against each execution's plan), or
   * null.
   */
  static MetadataAnswers of(SqlNode query, List<TableReference> references) {
    if (!(query instanceof SqlSelect s) || references.size() != 1) {
      return null;
    }
    TableReference ref = references.get(0);
    if (ref.restriction != null || !isReference(s.getFrom(), ref) || !empty(s.getGroup()) || s.getHaving() != null
        || s.getQualify() != null || !empty(s.getWindowList()) || !empty(s.getOrderList()) || s.getOffset() != null
        || s.getFetch() != null || !empty(s.getHints()) || !empty((SqlNodeList) s.getOperandList().get(0))) {
      return null;
    }
    Set<String> bounds = new HashSet<>();
    for (SqlNode item : s.getSelectList()) {
      SqlNode e = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
      if (!(e instanceof SqlBasicCall call) || call.getFunctionQuantifier() != null || call.operandCount() != 1) {
        return null;
      }
      SqlNode arg = call.operand(0);
      String function = aggregate(call);
      if (function.equals("count")) {
        boolean star = arg instanceof SqlIdentifier id && id.isStar() && id.names.size() == 1;
        boolean constant = arg instanceof SqlNumericLiteral;
        if (!star && !constant) {
          return null;
        }
      } else if (function.equals("min") || function.equals("max")) {
        String column = column(arg, ref);
        if (column == null) {
          return null;
        }
        bounds.add(column);
      } else {
        return null;
      }
    }
    Set<String> where = new HashSet<>();
    if (s.getWhere() != null && !whereColumns(s.getWhere(), ref, where)) {
      return null;
    }
    return new MetadataAnswers(s, ref, Set.copyOf(bounds), Set.copyOf(where));
  }

  /**
   * The lower-cased name of an aggregate call (the parser leaves functions unresolved: the name is what DuckDB
   * resolves), or "" for anything else.
   */
  private static String aggregate(SqlCall call) {
    SqlKind kind = call.getKind();
    if (kind != SqlKind.OTHER_FUNCTION && kind != SqlKind.COUNT && kind != SqlKind.MIN && kind != SqlKind.MAX) {
      return "";
    }
    return call.getOperator().getName().toLowerCase(Locale.ROOT);
  }

  private static boolean empty(SqlNodeList list) {
    return list == null || list.isEmpty();
  }

  private static boolean isReference(SqlNode from, TableReference ref) {
    return from == ref.node
        || (from != null && from.getKind() == SqlKind.AS && ((SqlCall) from).operand(0) == ref.node);
  }

  /** The lower-cased column an identifier names (plain, or qualified by the reference's name), or null. */
  private static String column(SqlNode node, TableReference ref) {
    if (!(node instanceof SqlIdentifier id) || node instanceof ScanNode || id.isStar()) {
      return null;
    }
    if (id.names.size() == 1) {
      return id.names.get(0).toLowerCase(Locale.ROOT);
    }
    if (id.names.size() == 2 && id.names.get(0).equalsIgnoreCase(ref.qualifier)) {
      return id.names.get(1).toLowerCase(Locale.ROOT);
    }
    return null;
  }

  private static boolean whereColumns(SqlNode node, TableReference ref, Set<String> out) {
    if (node instanceof SqlNodeList list) {
      for (SqlNode n : list) {
        if (!whereColumns(n, ref, out)) {
          return false;
        }
      }
      return true;
    }
    if (node instanceof SqlDataTypeSpec || node instanceof SqlLiteral) {
      return true;
    }
    if (!WHERE_KINDS.contains(node.getKind())) {
      return false;
    }
    if (node instanceof SqlIdentifier) {
      String c = column(node, ref);
      if (c == null) {
        return false;
      }
      out.add(c);
      return true;
    }
    if (node instanceof SqlCall call) {
      for (SqlNode operand : call.getOperandList()) {
        if (operand != null && !whereColumns(operand, ref, out)) {
          return false;
        }
      }
      return true;
    }
    return node.getKind() == SqlKind.DYNAMIC_PARAM;
  }

  /**
   * An answer from this execution's plan, or why the query must be a scan.
   *
   * @param relation the relation that replaces the table reference (null when falling back)
   * @param files the data files whose statistics answered
   * @param fallback why the plan cannot answer exactly, or null
   */
  record Answer(String relation, int files, String fallback, MetadataAnswers shape) {
    boolean answered() {
      return relation != null;
    }

    /** The DuckDB query: the user's query over the relation for names and types, then the answer row. */
    String query() {
      String names = shape.select.toSqlString(DuckDbDialect.INSTANCE).getSql();
      return "(" + names + " LIMIT 0) UNION ALL (" + shape.answerSelect().toSqlString(DuckDbDialect.INSTANCE)
          .getSql() + ")";
    }
  }

  private static Answer fallback(String why) {
    return new Answer(null, 0, why, null);
  }

  /** The user's SELECT with each count replaced by the sum of record counts (same FROM, same WHERE). */
  private SqlSelect answerSelect() {
    List<SqlNode> items = new ArrayList<>();
    for (SqlNode item : select.getSelectList()) {
      SqlNode e = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
      items.add(aggregate((SqlCall) e).equals("count")
          ? new RawSql("CAST(COALESCE(SUM(" + ScanRenderer.quote(ROWS) + "), 0) AS BIGINT)") : e);
    }
    SqlParserPos pos = select.getParserPosition();
    return new SqlSelect(pos, null, new SqlNodeList(items, pos), select.getFrom(), select.getWhere(), null, null,
        null, null, null, null, null, null);
  }

  /**
   * Decides from the plan whether metadata answers exactly and, if so, renders the relation (its values are bound
   * parameters appended to {@code params}).
   */
  Answer answer(ScanPlan plan, EngineSession session, List<Object> params) throws SQLException {
    Map<String, ScanColumn> byName = new LinkedHashMap<>();
    for (ScanColumn c : plan.columns()) {
      String key = c.name().toLowerCase(Locale.ROOT);
      if (byName.put(key, c) != null) {
        return fallback("column names differ only in case");
      }
      if (key.equals(ROWS)) {
        return fallback("a column is named " + ROWS);
      }
    }
    List<ScanFile> files = plan.files().stream().filter(f -> f.recordCount() != 0).toList();
    for (ScanFile f : files) {
      if (f.hasDeletes()) {
        return fallback("files with deletes");
      }
      if (f.recordCount() < 0) {
        return fallback("a file without a record count");
      }
    }
    Map<String, ScanColumn> needed = new LinkedHashMap<>();
    for (String name : whereColumns) {
      ScanColumn c = byName.get(name);
      if (c == null || !constantInEveryFile(c, files)) {
        return fallback("WHERE reads " + (c == null ? "a column that is not a table column" : "column "
            + c.name() + ", which is not a partition value of every file"));
      }
      needed.put(name, c);
    }
    for (String name : boundColumns) {
      ScanColumn c = byName.get(name);
      if (c == null) {
        return fallback("min / max of a column that is not a table column");
      }
      if (!constantInEveryFile(c, files)) {
        for (ScanFile f : files) {
          boolean constant = c.usesConstants() && f.constants().containsKey(c.name());
          ColumnStats stats = f.columnStats().get(c.name());
          if (!constant && (!c.readsData() || c.source() == ScanColumn.Source.DATA_OR_CONSTANT || stats == null
              || !stats.exactBounds(f.recordCount()))) {
            return fallback("no exact statistics of column " + c.name() + " in " + f.location());
          }
        }
      }
      needed.put(name, c);
    }
    List<String> types = new ArrayList<>();
    for (ScanColumn c : needed.values()) {
      try {
        String type = DuckDbTypes.of(c.type());
        if (type.equals("BLOB") || !(c.type() instanceof FieldType.Primitive)) {
          return fallback("column " + c.name() + " has a type whose values are not kept as text");
        }
        types.add(type);
      } catch (SQLException e) {
        if (SqlState.NOT_SUPPORTED.is(e)) {
          return fallback("column " + c.name() + " has a type the engine cannot hold");
        }
        throw e;
      }
    }
    Object[] rows = new Object[files.size() * 2];
    List<Object[]> values = new ArrayList<>();
    needed.values().forEach(c -> values.add(new Object[files.size() * 2]));
    for (int i = 0; i < files.size(); i++) {
      ScanFile f = files.get(i);
      rows[2 * i] = Long.toString(f.recordCount());
      rows[2 * i + 1] = "0";
      int k = 0;
      for (ScanColumn c : needed.values()) {
        Object[] v = values.get(k++);
        if (c.usesConstants() && (f.constants().containsKey(c.name()) || c.source() == ScanColumn.Source.CONSTANT)) {
          v[2 * i] = f.constants().get(c.name());
          v[2 * i + 1] = v[2 * i];
        } else {
          ColumnStats stats = f.columnStats().get(c.name());
          v[2 * i] = stats.min();
          v[2 * i + 1] = stats.max();
        }
      }
    }
    StringBuilder sql = new StringBuilder("(SELECT CAST(unnest(").append(param(session, params, rows))
        .append(") AS BIGINT) AS ").append(ScanRenderer.quote(ROWS));
    int k = 0;
    for (ScanColumn c : needed.values()) {
      sql.append(", CAST(unnest(").append(param(session, params, values.get(k))).append(") AS ")
          .append(types.get(k)).append(") AS ").append(ScanRenderer.quote(c.name()));
      k++;
    }
    return new Answer(sql.append(")").toString(), files.size(), null, this);
  }

  /** Whether every (non-empty) file gives the column as a per-file constant. */
  private static boolean constantInEveryFile(ScanColumn c, List<ScanFile> files) {
    if (c.source() == ScanColumn.Source.CONSTANT) {
      return !c.addsRowPosition();
    }
    if (c.source() != ScanColumn.Source.CONSTANT_OR_DATA || c.addsRowPosition()) {
      return false;
    }
    return files.stream().allMatch(f -> f.constants().containsKey(c.name()));
  }

  private static String param(EngineSession session, List<Object> params, Object[] values) throws SQLException {
    params.add(session.array("VARCHAR", values));
    return "$" + params.size();
  }

  /** SQL text printed as is (the generated record-count sum). */
  private static final class RawSql extends SqlIdentifier {
    private final String sql;

    RawSql(String sql) {
      super("raw", SqlParserPos.ZERO);
      this.sql = sql;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
      writer.print(sql);
      writer.setNeedWhitespace(true);
    }
  }
}
