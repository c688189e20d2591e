package io.lakehouse.sql;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.engine.DuckDbEngine;
import io.lakehouse.engine.DuckDbErrors;
import io.lakehouse.engine.EngineSession;
import io.lakehouse.engine.ScanRenderer;
import io.lakehouse.storage.ObjectStore;
import io.lakehouse.table.ScanColumn;
import io.lakehouse.table.ScanPlan;
import io.lakehouse.table.TableRead;
import io.lakehouse.table.TableSnapshot;
import io.lakehouse.table.TimeTravel;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * A parsed and bound query, reusable across executions with different parameters. Each execution evaluates the
 * time-travel clauses, pins one snapshot per table reference, plans its files, renders the DuckDB query and runs
 * it in a fresh engine session.
 */
public final class PreparedQuery {
  private static final int EXPLAIN_FILES_SHOWN = 20;

  private final String sql;
  private final SqlNode query;
  private final List<TableReference> references;
  private final int parameterCount;
  private final boolean explain;
  private final TimeTravelSyntax syntax;
  private final DuckDbEngine engine;
  private final ObjectStore store;
  /** The session time zone at execution time. */
  private final Supplier<ZoneId> zone;
  /** JDBC parameter indexes (0-based) that the DuckDB query uses, in $-number order. */
  private final int[] queryParameters;
  /** Lower-cased names the query may read (see {@link #readColumns(SqlNode)}), or null for any column. */
  private final Set<String> readColumns;
  /** Every name part the query mentions, lower-cased: hidden columns (row lineage) are read when named. */
  private final Set<String> mentioned;
  /** Column names the query mentions, checked against the grants of restricted references. */
  private final List<ColumnMention> mentions;
  /** DESCRIBE: the result describes the query's columns instead of returning its rows. */
  private boolean describe;
  /** SHOW TABLES / SHOW SCHEMAS: no query at all, rows from the catalog listing. */
  private CatalogListing listing;

  PreparedQuery(String sql, SqlNode query, List<TableReference> references, int parameterCount, boolean explain,
      TimeTravelSyntax syntax, DuckDbEngine engine, ObjectStore store, Supplier<ZoneId> zone) {
    this.zone = zone;
    this.sql = sql;
    this.query = query;
    this.references = references;
    this.parameterCount = parameterCount;
    this.explain = explain;
    this.syntax = syntax;
    this.engine = engine;
    this.store = store;
    // Parameters inside time-travel clauses are evaluated before the query runs and are gone from the tree
    // that reaches DuckDB; number the remaining ones densely, in JDBC order.
    List<DollarParam> remaining = new ArrayList<>();
    query.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlDynamicParam param) {
        remaining.add((DollarParam) param);
        return null;
      }
    });
    remaining.sort(java.util.Comparator.comparingInt(SqlDynamicParam::getIndex));
    for (int i = 0; i < remaining.size(); i++) {
      remaining.get(i).setNumber(i + 1);
    }
    this.queryParameters = remaining.stream().mapToInt(SqlDynamicParam::getIndex).toArray();
    this.readColumns = readColumns(query);
    this.mentioned = mentionedNames(query);
    this.mentions = references.stream().anyMatch(r -> r.restriction != null) ? mentions(query) : List.of();
  }

  /** A SHOW TABLES / SHOW SCHEMAS statement: no tables, no parameters. */
  static PreparedQuery listing(String sql, CatalogListing listing, DuckDbEngine engine, Supplier<ZoneId> zone) {
    PreparedQuery q = new PreparedQuery(sql, new SqlNodeList(SqlParserPos.ZERO), List.of(), 0, false,
        TimeTravelSyntax.none(), engine, null, zone);
    q.listing = listing;
    return q;
  }

  /** Makes this a DESCRIBE: executing it returns DuckDB's DESCRIBE rows of the rendered query. */
  PreparedQuery describing() {
    describe = true;
    return this;
  }

  /**
   * Every name the query mentions, lower-cased: an over-estimate of the columns it reads, which is what a sparse
   * fetch needs (a column never named cannot be read). Null when the query reads columns it does not name: a star,
   * NATURAL JOIN, or DuckDB's COLUMNS(...).
   */
  private static Set<String> readColumns(SqlNode query) {
    Set<String> names = new HashSet<>();
    boolean[] all = {false};
    query.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlIdentifier id) {
        if (id.isStar() || id instanceof ScanNode) {
          all[0] |= id.isStar();
          return null;
        }
        id.names.forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
        return null;
      }

      @Override
      public Void visit(SqlCall call) {
        if (call instanceof SqlJoin join && join.isNatural()) {
          all[0] = true;
        }
        if (call.getOperator().getName().equalsIgnoreCase("COLUMNS")) {
          all[0] = true;
        }
        if (call.getOperator().getName().equalsIgnoreCase("COUNT")) {
          // count(*) counts rows: its star names no column.
          for (SqlNode operand : call.getOperandList()) {
            if (!(operand instanceof SqlIdentifier id && id.isStar())) {
              operand.accept(this);
            }
          }
          return null;
        }
        return super.visit(call);
      }
    });
    return all[0] ? null : Set.copyOf(names);
  }

  private static Set<String> mentionedNames(SqlNode query) {
    Set<String> names = new HashSet<>();
    query.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlIdentifier id) {
        if (!(id instanceof ScanNode)) {
          id.names.forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
        }
        return null;
      }
    });
    return Set.copyOf(names);
  }

  public String sql() {
    return sql;
  }

  public int parameterCount() {
    return parameterCount;
  }

  public boolean isExplain() {
    return explain;
  }

  /**
   * Runs the query.
   *
   * @param userParameters values of the JDBC parameters, in order
   */
  public QueryExecution execute(List<Object> userParameters, SnapshotPins pins) throws SQLException {
    return execute(userParameters, pins, session -> { });
  }

  /**
   * Runs the query.
   *
   * @param userParameters values of the JDBC parameters, in order
   * @param onStart receives the engine session before any work, so that another thread can cancel it
   */
  public QueryExecution execute(List<Object> userParameters, SnapshotPins pins, Consumer<EngineSession> onStart)
      throws SQLException {
    return execute(userParameters, pins, onStart, new ArrayList<>());
  }

  /**
   * Runs the query.
   *
   * @param userParameters values of the JDBC parameters, in order
   * @param onStart receives the engine session before any work, so that another thread can cancel it
   * @param reads receives each table reference's snapshot and planned files as soon as it is planned, so that a
   *     failure later in the execution still tells what was read (the audit log records it)
   */
  public QueryExecution execute(List<Object> userParameters, SnapshotPins pins, Consumer<EngineSession> onStart,
      List<TableRead> reads) throws SQLException {
    if (userParameters.size() < parameterCount) {
      throw new LakehouseSqlException("Parameter " + (userParameters.size() + 1) + " is not set",
          SqlState.PARAMETER_NOT_SET);
    }
    EngineSession session = engine.newSession();
    onStart.accept(session);
    if (listing != null) {
      try {
        return new QueryExecution(listing.run(session), session, List.of());
      } catch (SQLException | RuntimeException e) {
        session.close();
        throw e;
      }
    }
    try {
      List<Object> userValues = userParameters.subList(0, parameterCount);
      List<Object> params = new ArrayList<>();
      for (int index : queryParameters) {
        params.add(userValues.get(index));
      }
      List<String> explanation = new ArrayList<>();
      for (TableReference ref : references) {
        TimeTravel at = timeTravel(ref, session, userValues);
        TableSnapshot snapshot = pins.snapshot(ref.table, at);
        // Access is checked against the pinned schema, before a data file is planned or read.
        List<ScanColumn> visible = ref.restriction == null ? null : visibleColumns(ref, snapshot.columns());
        ScanPlan plan = snapshot.plan(FileSkipping.predicates(ref, snapshot.columns(), userValues, zone.get()));
        List<ScanColumn> hidden = plan.metadataColumns().stream()
            .filter(c -> mentioned.contains(c.name().toLowerCase(Locale.ROOT)))
            .filter(c -> plan.columns().stream().noneMatch(v -> v.name().equalsIgnoreCase(c.name()))).toList();
        String rendered = new ScanRenderer(session, store, params, ref.displayName, scanReads(ref)).render(plan,
            hidden, explain);
        ref.node.setRenderedSql(visible == null ? rendered : restricted(rendered, visible, ref.restriction));
        reads.add(new TableRead(ref.displayName, snapshot.format(), snapshot.version(), plan.files().size(),
            plan.files().stream().mapToLong(f -> f.sizeBytes()).sum()));
        if (explain) {
          describe(ref, at, snapshot, plan, explanation);
        }
      }
      String duckSql = query.toSqlString(LakehouseDialect.INSTANCE).getSql();
      ResultSet result;
      try {
        if (explain) {
          explanation.add("DuckDB plan:");
          try (ResultSet plan = session.query("EXPLAIN " + duckSql, params)) {
            while (plan.next()) {
              explanation.addAll(List.of(plan.getString(2).split("\n")));
            }
          }
          result = session.query("SELECT unnest($1) AS \"plan\"", List.of(session.array("VARCHAR",
              explanation.toArray())));
        } else if (describe) {
          // DuckDB binds the query (reading only Parquet footers) and lists its columns: column_name,
          // column_type, null, key, default, extra.
          result = session.query("DESCRIBE " + duckSql, params);
        } else {
          result = session.query(duckSql, params);
        }
      } catch (SQLException e) {
        throw translate(e, reads);
      }
      return new QueryExecution(result, session, List.copyOf(reads));
    } catch (SQLException | RuntimeException e) {
      try {
        session.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    } catch (StackOverflowError e) {
      // rendering walks the tree recursively too (see QueryPipeline.tooDeep)
      SQLException tooDeep = QueryPipeline.tooDeep();
      try {
        session.close();
      } catch (SQLException suppressed) {
        tooDeep.addSuppressed(suppressed);
      }
      throw tooDeep;
    }
  }

  /**
   * The columns a restricted reference may read. Naming any other column of the table anywhere in the query is
   * refused (42501) here; the scan's projection is what really enforces it.
   */
  private List<ScanColumn> visibleColumns(TableReference ref, List<ScanColumn> columns) throws SQLException {
    List<String> granted = ref.restriction.columns();
    if (granted == null) {
      return columns;
    }
    List<ScanColumn> visible = columns.stream()
        .filter(c -> granted.contains(c.name().toLowerCase(Locale.ROOT))).toList();
    Set<String> hidden = new HashSet<>();
    columns.stream().filter(c -> !visible.contains(c)).forEach(c -> hidden.add(c.name().toLowerCase(Locale.ROOT)));
    if (visible.isEmpty()) {
      throw new LakehouseSqlException("Access denied: none of the columns of " + ref.displayName
          + " is granted", SqlState.ACCESS_DENIED, ref.line, ref.column, null);
    }
    for (ColumnMention m : mentions) {
      if (!hidden.contains(m.name())) {
        continue;
      }
      boolean otherTable = m.qualifier() != null && !m.qualifier().equalsIgnoreCase(ref.qualifier)
          && references.stream().anyMatch(r -> r != ref && m.qualifier().equalsIgnoreCase(r.qualifier));
      if (!otherTable) {
        int[] at = syntax.toOriginal(m.pos().getLineNum(), m.pos().getColumnNum());
        throw new LakehouseSqlException("Access denied: column " + m.name() + " of " + ref.displayName
            + " is not granted", SqlState.ACCESS_DENIED, at[0], at[1], null);
      }
    }
    return visible;
  }

  /** The scan, seen through the principal's grant: the granted columns of the rows the row filter lets through. */
  private static String restricted(String scan, List<ScanColumn> visible, ReadRestriction restriction) {
    StringBuilder sql = new StringBuilder("(SELECT ");
    for (int i = 0; i < visible.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(ScanRenderer.quote(visible.get(i).name()));
    }
    sql.append(" FROM ").append(scan).append(" AS granted");
    if (restriction.rowFilter() != null) {
      sql.append(" WHERE (").append(restriction.rowFilter().toSqlString(LakehouseDialect.INSTANCE).getSql())
          .append(')');
    }
    return sql.append(')').toString();
  }

  /** Columns a sparse fetch needs for this reference: the query's, plus those its row filter reads. */
  private Set<String> scanReads(TableReference ref) {
    if (readColumns == null || ref.restriction == null || ref.restriction.rowFilter() == null) {
      return readColumns;
    }
    Set<String> names = new HashSet<>(readColumns);
    Set<String> filterNames = readColumns(ref.restriction.rowFilter());
    if (filterNames == null) {
      return null;
    }
    names.addAll(filterNames);
    return names;
  }

  /** A column name the query mentions, with its qualifier when it has one. */
  private record ColumnMention(String qualifier, String name, SqlParserPos pos) {}

  private static List<ColumnMention> mentions(SqlNode query) {
    List<ColumnMention> out = new ArrayList<>();
    query.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlIdentifier id) {
        if (!(id instanceof ScanNode) && !id.isStar()) {
          int n = id.names.size();
          out.add(new ColumnMention(n > 1 ? id.names.get(n - 2) : null, id.names.get(n - 1).toLowerCase(Locale.ROOT),
              id.getParserPosition()));
        }
        return null;
      }

      @Override
      public Void visit(SqlCall call) {
        if (call.getKind() == org.apache.calcite.sql.SqlKind.AS) {
          // An alias names an output, not a column of a table.
          call.operand(0).accept(this);
          return null;
        }
        return super.visit(call);
      }
    });
    return out;
  }

  private void describe(TableReference ref, TimeTravel at, TableSnapshot snapshot, ScanPlan plan,
      List<String> out) {
    long bytes = plan.files().stream().mapToLong(f -> f.sizeBytes()).sum();
    long withDeletes = plan.files().stream().filter(f -> f.hasDeletes()).count();
    out.add("Table " + ref.displayName + " (" + snapshot.format().name() + ", " + at + "): "
        + snapshot.format().versionNoun() + " " + snapshot.version() + " committed "
        + snapshot.committedAt() + "; " + plan.files().size() + " files, " + bytes + " bytes, " + withDeletes
        + " with deletes; planned in " + (plan.planningNanos() / 1_000_000) + " ms");
    if (ref.restriction != null) {
      // File names and partition values could show values of rows or columns the grant hides.
      out.add("  (files not listed: the principal's grant restricts this table)");
      return;
    }
    int shown = 0;
    for (var f : plan.files()) {
      if (shown++ == EXPLAIN_FILES_SHOWN) {
        out.add("  ... " + (plan.files().size() - EXPLAIN_FILES_SHOWN) + " more files");
        break;
      }
      out.add("  " + f.location() + " (" + f.sizeBytes() + " bytes"
          + (f.constants().isEmpty() ? "" : ", partition " + f.constants())
          + (f.hasDeletes() ? ", with deletes" : "") + ")");
    }
  }

  /** Evaluates the reference's time-travel expression with DuckDB, parameters included. */
  private TimeTravel timeTravel(TableReference ref, EngineSession session, List<Object> params)
      throws SQLException {
    if (ref.timeTravel == null) {
      return TimeTravel.LATEST;
    }
    // Number the expression's own parameters $1..$k so that exactly those values are bound.
    List<Object> values = new ArrayList<>();
    SqlNode renumbered = ref.timeTravel.accept(new SqlShuttle() {
      @Override
      public SqlNode visit(SqlDynamicParam param) {
        values.add(params.get(param.getIndex()));
        return new DollarParam(values.size() - 1, param.getParserPosition());
      }
    });
    String expr = renumbered.toSqlString(LakehouseDialect.INSTANCE).getSql();
    SqlParserPos pos = ref.timeTravel.getParserPosition();
    int[] at = syntax.toOriginal(pos.getLineNum(), pos.getColumnNum());
    Object value;
    try {
      value = ref.kind == TimeTravelSyntax.Kind.TIMESTAMP
          ? session.scalar("SELECT CAST((" + expr + ") AS TIMESTAMP WITH TIME ZONE)", values)
          : session.scalar("SELECT (" + expr + ")", values);
    } catch (SQLException e) {
      if (DuckDbErrors.isFatal(e)) {
        throw DuckDbErrors.translate(e, 0, 0);
      }
      throw new LakehouseSqlException("Invalid time-travel " + (ref.kind == TimeTravelSyntax.Kind.TIMESTAMP
          ? "timestamp" : "version") + " for " + ref.displayName + ": " + DuckDbErrors.translate(e, 0, 0)
          .getMessage(), SqlState.INVALID_ARGUMENT, at[0], at[1], e);
    }
    if (value == null) {
      throw new LakehouseSqlException("Time-travel value for " + ref.displayName + " is NULL",
          SqlState.INVALID_ARGUMENT, at[0], at[1], null);
    }
    if (ref.kind == TimeTravelSyntax.Kind.TIMESTAMP) {
      if (value instanceof OffsetDateTime odt) {
        return new TimeTravel.AtTimestamp(odt.toInstant());
      } else if (value instanceof Timestamp ts) {
        return new TimeTravel.AtTimestamp(ts.toInstant());
      } else if (value instanceof Instant i) {
        return new TimeTravel.AtTimestamp(i);
      }
      throw new LakehouseSqlException("Time-travel timestamp for " + ref.displayName + " is not a timestamp",
          SqlState.INVALID_ARGUMENT, at[0], at[1], null);
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
        || value instanceof BigInteger) {
      return new TimeTravel.AtVersion(((Number) value).longValue());
    }
    if (value instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0) {
      return new TimeTravel.AtVersion(d.longValueExact());
    }
    if (value instanceof String s) {
      return s.matches("\\d{1,18}") ? new TimeTravel.AtVersion(Long.parseLong(s)) : new TimeTravel.AtRef(s);
    }
    throw new LakehouseSqlException("Time-travel version for " + ref.displayName + " must be an integer "
        + "version / snapshot id or a branch / tag name, got " + value.getClass().getSimpleName(),
        SqlState.INVALID_ARGUMENT, at[0], at[1], null);
  }

  /**
   * DuckDB error → SQLException; for an unknown column, the position of that column in the user's SQL; for an
   * engine failure, which table versions the query read (to reproduce it).
   */
  private SQLException translate(SQLException e, List<TableRead> reads) {
    if (DuckDbErrors.isFatal(e)) {
      LakehouseSqlException t = DuckDbErrors.translate(e, 0, 0);
      if (reads.isEmpty()) {
        return t;
      }
      StringBuilder tables = new StringBuilder();
      for (TableRead r : reads) {
        tables.append(tables.length() == 0 ? "" : ", ").append(r.versionText());
      }
      return new LakehouseSqlException(t.getMessage() + "; tables read: " + tables, t.state(), e);
    }
    String column = DuckDbErrors.missingColumn(e);
    int[] at = {0, 0};
    if (column != null) {
      SqlParserPos pos = findIdentifier(column);
      if (pos != null) {
        at = syntax.toOriginal(pos.getLineNum(), pos.getColumnNum());
      }
    }
    return DuckDbErrors.translate(e, at[0], at[1]);
  }

  private SqlParserPos findIdentifier(String name) {
    SqlParserPos[] found = {null};
    query.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlIdentifier id) {
        if (found[0] == null && !(id instanceof ScanNode)
            && id.names.get(id.names.size() - 1).equalsIgnoreCase(name)) {
          found[0] = id.getParserPosition();
        }
        return null;
      }
    });
    return found[0];
  }
}
