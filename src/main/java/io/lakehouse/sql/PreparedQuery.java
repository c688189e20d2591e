package io.lakehouse.sql;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.engine.DuckDbDialect;
import io.lakehouse.engine.DuckDbEngine;
import io.lakehouse.engine.DuckDbErrors;
import io.lakehouse.engine.EngineSession;
import io.lakehouse.engine.ScanRenderer;
import io.lakehouse.engine.TableScan;
import io.lakehouse.security.ColumnGrants;
import io.lakehouse.security.ColumnMention;
import io.lakehouse.storage.ObjectStore;
import io.lakehouse.storage.StorageErrors;
import io.lakehouse.storage.StorageRouter;
import io.lakehouse.table.ScanColumn;
import io.lakehouse.table.ScanFile;
import io.lakehouse.table.ScanPlan;
import io.lakehouse.table.TableRead;
import io.lakehouse.table.TableSnapshot;
import io.lakehouse.table.TimeTravel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * A parsed and bound query, reusable across executions with different parameters. Each execution evaluates the
 * time-travel clauses, pins one snapshot per table reference, plans its files, renders the DuckDB query and runs
 * it in a fresh engine session.
 */
public final class PreparedQuery {
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
  /** What the query names: columns it may read, hidden columns it asks for, positions for messages. */
  private final QueryNames names;
  /** Column names the query mentions, checked against the grants of restricted references. */
  private final List<ColumnMention> mentions;
  /** The query's shape if table metadata may answer it (MetadataAnswers), else null. */
  private final MetadataAnswers metadata;
  /** DESCRIBE: the result describes the query's columns instead of returning its rows. */
  private boolean describe;
  /** SHOW TABLES / SHOW SCHEMAS: no query at all, rows from the catalog listing. */
  private CatalogListing listing;
  /** The result cache, or null when the connection does not use one. */
  private ResultCaching caching;
  /** Why this statement is never cached (a non-deterministic function), or null. */
  private String uncacheable;
  /** The statement text in the key. */
  private String cacheText;
  /** The information_schema tables the query reads, rendered at each execution. */
  private List<QueryBinder.InformationSchemaReference> informationSchemaReferences = List.of();
  private InformationSchema informationSchema;

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
    this.names = new QueryNames(query);
    this.mentions = references.stream().anyMatch(r -> r.restriction != null) ? names.columnMentions(syntax)
        : List.of();
    this.metadata = MetadataAnswers.of(query, references);
  }

  /** A SHOW TABLES / SHOW SCHEMAS statement: no tables, no parameters. */
  static PreparedQuery listing(String sql, CatalogListing listing, DuckDbEngine engine, Supplier<ZoneId> zone) {
    PreparedQuery q = new PreparedQuery(sql, new SqlNodeList(SqlParserPos.ZERO), List.of(), 0, false,
        TimeTravelSyntax.none(), engine, null, zone);
    q.listing = listing;
    return q;
  }

  /** Reads these information_schema tables (rendered from the catalog at each execution; never result-cached). */
  PreparedQuery readingInformationSchema(List<QueryBinder.InformationSchemaReference> refs,
      InformationSchema schema) {
    this.informationSchemaReferences = List.copyOf(refs);
    this.informationSchema = schema;
    return this;
  }

  /** Makes this a DESCRIBE: executing it returns DuckDB's DESCRIBE rows of the rendered query. */
  PreparedQuery describing() {
    describe = true;
    return this;
  }

  /**
   * Uses the result cache for the executions of this query (null: none).
   *
   * @param text the statement as keyed: without EXPLAIN, a trailing semicolon and surrounding blanks, so that
   *     EXPLAIN tells about the entry the query itself would use
   */
  PreparedQuery cachedBy(ResultCaching caching, String text) {
    this.caching = caching;
    this.cacheText = text.strip();
    this.uncacheable = caching == null ? null : !informationSchemaReferences.isEmpty() ? "information_schema"
        : ResultCaching.nonDeterministic(sql);
    return this;
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
    return execute(userParameters, pins, onStart, reads, 0);
  }

  /**
   * Runs the query.
   *
   * @param userParameters values of the JDBC parameters, in order
   * @param onStart receives the engine session before any work, so that another thread can cancel it
   * @param reads receives each table reference's snapshot and planned files as soon as it is planned
   * @param maxRows {@code Statement.setMaxRows}: the engine computes at most this many rows where the query's shape
   *     allows a LIMIT ({@link RowLimit}); 0: all. The caller still stops reading after that many.
   */
  public QueryExecution execute(List<Object> userParameters, SnapshotPins pins, Consumer<EngineSession> onStart,
      List<TableRead> reads, long maxRows) throws SQLException {
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
      for (QueryBinder.InformationSchemaReference ref : informationSchemaReferences) {
        ref.node().setRenderedSql(informationSchema.render(ref.table(), session, params));
      }
      List<String> explanation = new ArrayList<>();
      List<TimeTravel> ats = new ArrayList<>();
      List<ResultCaching.Pinned> pinned = new ArrayList<>();
      List<List<ScanColumn>> visibles = new ArrayList<>();
      for (TableReference ref : references) {
        TimeTravel at = TimeTravelEvaluator.evaluate(ref, syntax, session, userValues);
        TableSnapshot snapshot = pins.snapshot(ref.table, at);
        // Access is checked against the pinned schema, before a data file is planned or read (or a cached
        // result is served).
        visibles.add(ref.restriction == null ? null : visibleColumns(ref, snapshot.columns()));
        ats.add(at);
        pinned.add(new ResultCaching.Pinned(ref, snapshot));
      }
      SqlNode limited = explain || describe ? null : RowLimit.apply(query, maxRows);
      long limit = limited == null ? 0 : maxRows;
      CacheLookup lookup;
      try {
        lookup = lookUp(session, userValues, pinned, reads, limit);
      } catch (SQLException e) {
        throw translate(e, reads, readableColumns(visibles, pinned));
      }
      if (lookup.served() != null) {
        return lookup.served();
      }
      ScanRenderer renderer = new ScanRenderer(session, store, params);
      // Every reference's snapshot is pinned first: file skipping through a join equality needs the other
      // side's column types.
      Map<TableReference, TableSnapshot> snapshots = new IdentityHashMap<>();
      pinned.forEach(p -> snapshots.put(p.ref(), p.snapshot()));
      MetadataAnswers.Answer answer = null;
      for (int i = 0; i < references.size(); i++) {
        TableReference ref = references.get(i);
        TimeTravel at = ats.get(i);
        TableSnapshot snapshot = pinned.get(i).snapshot();
        List<ScanColumn> visible = visibles.get(i);
        boolean fromMetadata = metadata != null && !describe;
        ScanPlan plan = snapshot.plan(FileSkipping.predicates(ref, snapshot.columns(),
            other -> snapshots.containsKey(other) ? snapshots.get(other).columns() : null, userValues, zone.get()),
            fromMetadata);
        answer = fromMetadata ? metadata.answer(plan, session, params) : null;
        if (answer != null && answer.answered()) {
          checkInside(plan, ref.displayName);
          ref.node.setRenderedSql(answer.relation());
          reads.add(new TableRead(ref.displayName, snapshot.format(), snapshot.version(), 0, 0));
        } else {
          List<ScanColumn> hidden = plan.metadataColumns().stream()
              .filter(c -> names.mentions(c.name().toLowerCase(Locale.ROOT)))
              .filter(c -> plan.columns().stream().noneMatch(v -> v.name().equalsIgnoreCase(c.name()))).toList();
          ref.node.setRenderedSql(renderer.render(new TableScan(ref.displayName, plan, hidden, visible,
              ref.restriction == null ? null : ref.restriction.rowFilter(), names.readColumns(), explain)));
          reads.add(new TableRead(ref.displayName, snapshot.format(), snapshot.version(), plan.files().size(),
              plan.files().stream().mapToLong(f -> f.sizeBytes()).sum()));
        }
        if (explain) {
          ExplainText.table(ref, at, snapshot, plan, explanation);
          ExplainText.metadata(answer, explanation);
        }
      }
      String duckSql = answer != null && answer.answered() ? answer.query()
          : (limited == null ? query : limited).toSqlString(DuckDbDialect.INSTANCE).getSql();
      ResultSet result;
      try {
        if (explain) {
          if (lookup.explainLine() != null) {
            explanation.add(lookup.explainLine());
          }
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
          String sizeText = limit == 0 ? cacheText : cacheText + "\u0000max_rows=" + limit;
          if (lookup.key() != null && !caching.isOversized(sizeText)) {
            // A result larger than the entry limit marks the statement: this connection's later executions of
            // it skip the Parquet round trip.
            QueryExecution stored = caching.runAndStore(session, engine, duckSql, params, lookup.key(),
                List.copyOf(reads), () -> caching.markOversized(sizeText));
            if (stored != null) {
              return stored;
            }
            caching.cache().bypassed();
          } else if (lookup.key() != null) {
            caching.cache().bypassed();
          }
          result = session.query(duckSql, params);
        }
      } catch (SQLException e) {
        throw translate(e, reads, readableColumns(visibles, pinned));
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
   * An answer from metadata reads no data file, but a table whose metadata names files outside the catalog's
   * locations is refused all the same, as its scan would be.
   */
  private void checkInside(ScanPlan plan, String displayName) throws SQLException {
    if (store instanceof StorageRouter router) {
      for (ScanFile f : plan.files()) {
        try {
          router.checkInside(f.location());
        } catch (java.io.IOException e) {
          throw StorageErrors.find(e, displayName);
        }
      }
    }
  }

  /**
   * What the result cache says about this execution.
   *
   * @param key the key to store the result under after running it, or null (not cacheable, or EXPLAIN)
   * @param served the execution served from the cache, or null
   * @param explainLine the line EXPLAIN shows, or null
   */
  private record CacheLookup(io.lakehouse.cache.CacheKey key, QueryExecution served, String explainLine) {}

  private CacheLookup lookUp(EngineSession session, List<Object> userValues, List<ResultCaching.Pinned> pinned,
      List<TableRead> reads, long limit) throws SQLException {
    if (caching == null) {
      return new CacheLookup(null, null, explain ? "Result cache: off" : null);
    }
    if (describe) {
      return new CacheLookup(null, null, null);
    }
    io.lakehouse.cache.ResultCache cache = caching.cache();
    if (uncacheable != null) {
      if (!explain) {
        cache.bypassed();
      }
      return new CacheLookup(null, null, "Result cache: bypassed (" + uncacheable + ")");
    }
    io.lakehouse.cache.CacheKey key = caching.key(session, cacheText, userValues.subList(0, parameterCount), zone.get(),
        pinned, limit);
    if (key == null) {
      if (!explain) {
        cache.bypassed();
      }
      return new CacheLookup(null, null, "Result cache: bypassed (a parameter value without an exact text form)");
    }
    if (explain) {
      java.util.Optional<byte[]> entry = cache.peek(key);
      io.lakehouse.cache.ResultCacheStats st = cache.stats();
      return new CacheLookup(null, null, "Result cache: " + (entry.isPresent() ? "hit, " + entry.get().length
          + " bytes" : "miss") + " (" + cache.describe() + ", key " + key + "; so far " + st.hits() + " hits, "
          + st.misses() + " misses, " + st.bytesServed() + " bytes served)");
    }
    java.util.Optional<byte[]> entry = cache.get(key);
    if (entry.isPresent()) {
      List<TableRead> none = new ArrayList<>();
      for (ResultCaching.Pinned p : pinned) {
        none.add(new TableRead(p.ref().displayName, p.snapshot().format(), p.snapshot().version(), 0, 0));
      }
      reads.addAll(none);
      QueryExecution served = caching.serve(session, engine, entry.get(), List.copyOf(none));
      if (served != null) {
        return new CacheLookup(null, served, null);
      }
      reads.removeAll(none);
    }
    return new CacheLookup(key, null, null);
  }

  /**
   * The columns a restricted reference may read; naming any other column of the table anywhere in the query is
   * refused (42501). The scan's projection is what really enforces it.
   */
  private List<ScanColumn> visibleColumns(TableReference ref, List<ScanColumn> columns) throws SQLException {
    Set<String> others = new HashSet<>();
    references.stream().filter(r -> r != ref).forEach(r -> others.add(r.qualifier));
    return ColumnGrants.visible(ref.displayName, ref.qualifier, others, columns, ref.restriction.columns(), mentions,
        ref.line, ref.column);
  }

  /**
   * DuckDB error → SQLException; for an unknown column, the position of that column in the user's SQL; for an
   * engine failure, which table versions the query read (to reproduce it).
   */
  /** The names of the columns the query's tables let the principal read (for "did you mean" hints). */
  private static List<String> readableColumns(List<List<ScanColumn>> visibles, List<ResultCaching.Pinned> pinned) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < pinned.size(); i++) {
      List<ScanColumn> columns = i < visibles.size() && visibles.get(i) != null ? visibles.get(i)
          : pinned.get(i).snapshot().columns();
      columns.forEach(c -> out.add(c.name()));
    }
    return out;
  }

  private SQLException translate(SQLException e, List<TableRead> reads, List<String> readableColumns) {
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
      SqlParserPos pos = names.find(column);
      if (pos != null) {
        at = syntax.toOriginal(pos.getLineNum(), pos.getColumnNum());
      }
    }
    String hint = column == null ? null : CatalogNames.closest(column, readableColumns);
    return DuckDbErrors.translate(e, at[0], at[1], hint == null || hint.equalsIgnoreCase(column) ? ""
        : "; did you mean " + hint + "?");
  }
}
