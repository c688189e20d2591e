package io.lakehouse.sql;

import io.lakehouse.cache.CacheKey;
import io.lakehouse.cache.ResultCache;
import io.lakehouse.cache.VolatileFunctions;
import io.lakehouse.engine.DuckDbDialect;
import io.lakehouse.engine.DuckDbEngine;
import io.lakehouse.engine.EngineSession;
import io.lakehouse.table.ScanColumn;
import io.lakehouse.table.TableSnapshot;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The result cache's part of an execution. A cacheable result is written by DuckDB itself as a Parquet file
 * ({@code COPY (query) TO ...}) and read back with {@code read_parquet}: a miss and a hit both hand the client a
 * genuine DuckDB result set over the same bytes, so metadata, getObject classes and values cannot differ between
 * them. Results with a column type that Parquet does not carry exactly run uncached.
 */
final class ResultCaching {
  /**
   * Result column types that do not survive a Parquet round trip exactly (measured on DuckDB 2.0: HUGEINT becomes
   * DOUBLE, TIMESTAMP_S/MS become TIMESTAMP, ENUM / BIT / BIGNUM become VARCHAR, fixed arrays become lists, UNION a
   * struct, TIME WITH TIME ZONE loses its offset, INTERVAL its microseconds). The read-back check catches any other
   * type change; these are refused before running so the query runs once.
   */
  private static final Pattern LOSSY_TYPE = Pattern.compile(
      "HUGEINT|TIMESTAMP_S\\b|TIMESTAMP_MS\\b|ENUM|UNION|TIME WITH TIME ZONE|TIMETZ|\\bBIT\\b|BIGNUM|VARINT|INTERVAL"
          + "|\\[\\d+\\]|\"NULL\"|^NULL$|VARIANT|GEOMETRY");
  private static volatile String duckDbVersion;

  private final ResultCache cache;
  private final String organization;

  /**
   * @param organization the principal's organisation (null for a single-user catalog); part of every key
   */
  ResultCaching(ResultCache cache, String organization) {
    this.cache = cache;
    this.organization = organization;
  }

  ResultCache cache() {
    return cache;
  }

  /** Statements (text) whose result was larger than the entry limit: they skip the Parquet round trip. */
  private final java.util.Map<String, Boolean> oversized = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
          return size() > 256;
        }
      });

  boolean isOversized(String text) {
    return oversized.containsKey(text);
  }

  void markOversized(String text) {
    oversized.put(text, Boolean.TRUE);
  }

  /**
   * Why the statement can never be cached, or null: it names a non-deterministic function (also as a bare word,
   * such as {@code current_date}) or samples rows. Conservative: a column named {@code today} bypasses too.
   */
  static String nonDeterministic(String sql) {
    for (SqlTokens.Token t : SqlTokens.tokenize(sql)) {
      if (t.kind() != SqlTokens.Kind.WORD) {
        continue;
      }
      String word = t.text().toLowerCase(Locale.ROOT);
      if (VolatileFunctions.contains(word)) {
        return "non-deterministic function " + word;
      }
      if (word.equals("tablesample") || word.equals("sample")) {
        return "row sampling";
      }
    }
    return null;
  }

  /** One pinned table reference, as it enters the key. */
  record Pinned(TableReference ref, TableSnapshot snapshot) {}

  /**
   * The key of an execution, or null when a parameter value has no exact text form (streams, LOBs).
   *
   * @param sql the statement as the user wrote it
   */
  CacheKey key(EngineSession session, String sql, List<Object> userValues, ZoneId zone, List<Pinned> pinned,
      long maxRows) throws SQLException {
    CacheKey.Builder key = CacheKey.builder()
        .add("duckdb", duckDbVersion(session))
        .add("organization", organization)
        .add("time_zone", zone.getId())
        // java.sql.Timestamp / Date parameters and results are local clock times of the JVM's zone
        .add("jvm_zone", TimeZone.getDefault().getID())
        .add("sql", sql)
        .add("parameters", userValues.size());
    for (Object v : userValues) {
      String text = parameterText(v);
      if (text == null) {
        return null;
      }
      key.add("parameter", text);
    }
    for (Pinned p : pinned) {
      TableReference ref = p.ref();
      TableSnapshot s = p.snapshot();
      key.add("table", ref.displayName).add("location", ref.location).add("format", s.format().name())
          .add("version", s.version()).add("committed", String.valueOf(s.committedAt()))
          .add("schema", schemaText(s.columns()));
      ReadRestriction r = ref.restriction;
      key.add("grant_columns", r == null || r.columns() == null ? null : String.join(",", r.columns()))
          .add("grant_rows", r == null || r.rowFilter() == null ? null
              : r.rowFilter().toSqlString(DuckDbDialect.INSTANCE).getSql());
    }
    if (maxRows > 0) {
      // Statement.setMaxRows pushed into the query as a LIMIT (RowLimit): a different result of the same text.
      key.add("max_rows", maxRows);
    }
    return key.build();
  }

  private static String schemaText(List<ScanColumn> columns) {
    StringBuilder b = new StringBuilder();
    for (ScanColumn c : columns) {
      b.append(c).append('\n');
    }
    return b.toString();
  }

  /** Type and exact text of a parameter value; null when there is none. */
  private static String parameterText(Object v) {
    if (v == null) {
      return "null";
    }
    String type = v.getClass().getName() + ":";
    if (v instanceof String || v instanceof Number && (v instanceof Long || v instanceof Integer
        || v instanceof Short || v instanceof Byte || v instanceof Double || v instanceof Float
        || v instanceof BigDecimal || v instanceof BigInteger) || v instanceof Boolean || v instanceof UUID
        || v instanceof java.util.Date || v instanceof TemporalAccessor) {
      return type + (v instanceof BigDecimal d ? d.toString() : String.valueOf(v));
    }
    if (v instanceof byte[] bytes) {
      return type + HexFormat.of().formatHex(bytes);
    }
    return null;
  }

  private static String duckDbVersion(EngineSession session) throws SQLException {
    String v = duckDbVersion;
    if (v == null) {
      v = String.valueOf(session.scalar("SELECT library_version || ' ' || source_id FROM pragma_version()",
          List.of()));
      duckDbVersion = v;
    }
    return v;
  }

  /** Serves a stored entry: its Parquet file, read back by DuckDB; null when the bytes are no entry. */
  QueryExecution serve(EngineSession session, DuckDbEngine engine, byte[] bytes,
      List<io.lakehouse.table.TableRead> reads) throws SQLException {
    ResultEntry entry = ResultEntry.parse(bytes).orElse(null);
    if (entry == null) {
      return null;
    }
    Path file = newFile(session);
    try {
      Files.write(file, entry.parquet());
      ResultSet rs = session.query(ResultEntry.readBack(entry.carried()), List.of(file.toString()));
      return new QueryExecution(rs, session, reads, true, file);
    } catch (IOException e) {
      deleteQuietly(file);
      return null;
    } catch (SQLException e) {
      deleteQuietly(file);
      if (io.lakehouse.engine.DuckDbErrors.isFatal(e) || e.getSQLState() != null
          && e.getSQLState().equals(io.lakehouse.SqlState.CANCELLED.code())) {
        throw e;
      }
      // An entry DuckDB cannot read (written by something else under our key): run the query instead.
      return null;
    }
  }

  /**
   * Runs a query through a Parquet file and stores the entry when it is small enough; null when the result's
   * types cannot be carried exactly (the caller then runs the query plainly).
   */
  QueryExecution runAndStore(EngineSession session, DuckDbEngine engine, String duckSql, List<Object> params,
      CacheKey key, List<io.lakehouse.table.TableRead> reads, Runnable tooLarge) throws SQLException {
    List<String[]> columns = new ArrayList<>();
    try (ResultSet d = session.query("DESCRIBE " + duckSql, params)) {
      while (d.next()) {
        columns.add(new String[] {d.getString(1), d.getString(2)});
      }
    }
    Set<String> names = new HashSet<>();
    List<ResultEntry.Carried> carried = new ArrayList<>();
    List<String> select = new ArrayList<>();
    for (String[] c : columns) {
      if (!names.add(c[0].toLowerCase(Locale.ROOT))) {
        return null;
      }
      java.util.Optional<ResultEntry.Carrier> carrier = ResultEntry.Carrier.of(c[1]);
      if (carrier.isPresent()) {
        carried.add(new ResultEntry.Carried(c[0], carrier.get()));
        select.add("CAST(q." + ResultEntry.quote(c[0]) + " AS " + carrier.get().carrier + ") AS "
            + ResultEntry.quote(c[0]));
      } else if (LOSSY_TYPE.matcher(c[1]).find()) {
        return null;
      } else {
        select.add("q." + ResultEntry.quote(c[0]));
      }
    }
    String copied = carried.isEmpty() ? duckSql : "SELECT " + String.join(", ", select) + " FROM (" + duckSql
        + ") AS q";
    Path file = newFile(session);
    boolean handedOver = false;
    try {
      try {
        session.update("COPY (" + copied + ") TO " + DuckDbEngine.literal(file.toString()) + " (FORMAT parquet)",
            params);
      } catch (SQLException e) {
        if (io.lakehouse.engine.DuckDbErrors.isFatal(e) || carried.isEmpty() || e.getSQLState() != null
            && e.getSQLState().equals(io.lakehouse.SqlState.CANCELLED.code())) {
          throw e;
        }
        return null;  // a HUGEINT beyond DECIMAL(38,0): run plainly
      }
      ResultSet rs = session.query(ResultEntry.readBack(carried), List.of(file.toString()));
      if (!sameColumns(rs.getMetaData(), columns)) {
        rs.close();
        return null;
      }
      long size = Files.size(file);
      if (size <= cache.maxEntryBytes()) {
        cache.put(key, new ResultEntry(carried, Files.readAllBytes(file)).bytes());
      } else {
        cache.tooLarge();
        tooLarge.run();
      }
      handedOver = true;
      return new QueryExecution(rs, session, reads, false, file);
    } catch (IOException e) {
      return null;
    } finally {
      if (!handedOver) {
        deleteQuietly(file);
      }
    }
  }

  private static boolean sameColumns(ResultSetMetaData meta, List<String[]> columns) throws SQLException {
    if (meta.getColumnCount() != columns.size()) {
      return false;
    }
    for (int i = 0; i < columns.size(); i++) {
      if (!meta.getColumnName(i + 1).equals(columns.get(i)[0])
          || !meta.getColumnTypeName(i + 1).equals(columns.get(i)[1])) {
        return false;
      }
    }
    return true;
  }

  private static Path newFile(EngineSession session) {
    return session.tempFolder().resolve("lh-result-" + UUID.randomUUID() + ".parquet");
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // private temp file
    }
  }
}
