package io.lakehouse.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Struct;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every scalar type the reference writers support, plus Iceberg's nested types, read back through the driver:
 * values (getObject, typed getObject, getBigDecimal, getBytes, getDate, getTimestamp, getString) equal the Java
 * values handed to the writers; ResultSetMetaData types match java.sql.Types and DatabaseMetaData.getColumns.
 */
class TypeMappingTest {
  @TempDir
  static Path dir;
  static Connection c;

  /** One column: its JDBC type and the value of each row (row 3 is all nulls). */
  record Case(String name, int jdbcType, Object... values) {}

  // -------------------------------------------------------------------------------------------------- Delta

  static final Map<String, String> DELTA_TYPES = new LinkedHashMap<>();
  static final List<Case> DELTA = new ArrayList<>();

  private static void delta(String name, String deltaType, int jdbcType, Object... values) {
    DELTA_TYPES.put(name, deltaType);
    DELTA.add(new Case(name, jdbcType, values));
  }

  static {
    delta("b", "boolean", Types.BOOLEAN, true, false, null);
    delta("i8", "byte", Types.TINYINT, (byte) -7, Byte.MIN_VALUE, null);
    delta("i16", "short", Types.SMALLINT, (short) 31000, Short.MIN_VALUE, null);
    delta("i32", "int", Types.INTEGER, -2_000_000_000, Integer.MAX_VALUE, null);
    delta("i64", "long", Types.BIGINT, 9_000_000_000_000_000_000L, Long.MIN_VALUE + 1, null);
    delta("f32", "float", Types.REAL, 1.25f, -0.5f, null);
    delta("f64", "double", Types.DOUBLE, -3.0e-5, Math.PI, null);
    delta("dec", "decimal(12,3)", Types.DECIMAL, new BigDecimal("12345.678"), new BigDecimal("-0.001"), null);
    delta("big", "decimal(38,10)", Types.DECIMAL, new BigDecimal("1234567890123456789012345678.9012345678"),
        new BigDecimal("-1.0000000001"), null);
    delta("s", "string", Types.VARCHAR, "h\u00e9llo, w\u00f6rld \u2713 \uD83D\uDE00", "", null);
    delta("bin", "binary", Types.VARBINARY, new byte[] {0, 1, -1, 127, -128}, new byte[0], null);
    delta("d", "date", Types.DATE, LocalDate.of(2024, 2, 29), LocalDate.of(1900, 1, 1), null);
    delta("ts", "timestamp", Types.TIMESTAMP_WITH_TIMEZONE, Instant.parse("2024-02-29T23:59:59.999999Z"),
        Instant.parse("1969-12-31T23:59:59.5Z"), null);
    delta("ntz", "timestamp_ntz", Types.TIMESTAMP, LocalDateTime.parse("2024-02-29T12:34:56.789012"),
        LocalDateTime.parse("1900-01-01T00:00:00.000001"), null);
  }

  // ------------------------------------------------------------------------------------------------ Iceberg

  static final List<Type> ICEBERG_TYPES = new ArrayList<>();
  static final List<Case> ICEBERG = new ArrayList<>();
  static final org.apache.iceberg.types.Types.StructType POINT = org.apache.iceberg.types.Types.StructType.of(
      optional(101, "x", org.apache.iceberg.types.Types.IntegerType.get()),
      optional(102, "y", org.apache.iceberg.types.Types.StringType.get()));

  private static void iceberg(String name, Type type, int jdbcType, Object... values) {
    ICEBERG_TYPES.add(type);
    ICEBERG.add(new Case(name, jdbcType, values));
  }

  private static Record point(Integer x, String y) {
    GenericRecord r = GenericRecord.create(POINT);
    r.set(0, x);
    r.set(1, y);
    return r;
  }

  static {
    var t = new Object() {
      final org.apache.iceberg.types.Types.IntegerType i = org.apache.iceberg.types.Types.IntegerType.get();
      final org.apache.iceberg.types.Types.StringType s = org.apache.iceberg.types.Types.StringType.get();
    };
    iceberg("b", org.apache.iceberg.types.Types.BooleanType.get(), Types.BOOLEAN, true, false, null);
    iceberg("i32", t.i, Types.INTEGER, 42, Integer.MIN_VALUE, null);
    iceberg("i64", org.apache.iceberg.types.Types.LongType.get(), Types.BIGINT, -42L, Long.MAX_VALUE, null);
    iceberg("f32", org.apache.iceberg.types.Types.FloatType.get(), Types.REAL, 3.5f, 1e-3f, null);
    iceberg("f64", org.apache.iceberg.types.Types.DoubleType.get(), Types.DOUBLE, 2.5e10, -1.5, null);
    iceberg("dec", org.apache.iceberg.types.Types.DecimalType.of(9, 2), Types.DECIMAL,
        new BigDecimal("1234567.89"), new BigDecimal("-0.01"), null);
    iceberg("s", t.s, Types.VARCHAR, "iceberg", "x", null);
    iceberg("bin", org.apache.iceberg.types.Types.BinaryType.get(), Types.VARBINARY, new byte[] {9, 8, 7},
        new byte[0], null);
    iceberg("fx", org.apache.iceberg.types.Types.FixedType.ofLength(4), Types.VARBINARY, new byte[] {1, 2, 3, 4},
        new byte[] {0, 0, 0, 0}, null);
    iceberg("d", org.apache.iceberg.types.Types.DateType.get(), Types.DATE, LocalDate.of(2023, 12, 31),
        LocalDate.of(1999, 1, 1), null);
    iceberg("t", org.apache.iceberg.types.Types.TimeType.get(), Types.TIME, LocalTime.parse("23:59:59.999999"),
        LocalTime.MIDNIGHT, null);
    iceberg("ts", org.apache.iceberg.types.Types.TimestampType.withoutZone(), Types.TIMESTAMP,
        LocalDateTime.parse("2023-12-31T23:59:59.999999"), LocalDateTime.parse("2000-01-01T00:00:00"), null);
    iceberg("tstz", org.apache.iceberg.types.Types.TimestampType.withZone(), Types.TIMESTAMP_WITH_TIMEZONE,
        Instant.parse("2024-01-01T00:00:00.000001Z"), Instant.parse("1999-12-31T23:00:00Z"), null);
    iceberg("u", org.apache.iceberg.types.Types.UUIDType.get(), Types.VARCHAR,
        UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), UUID.fromString("00000000-0000-0000-0000-00000000000a"),
        null);
    iceberg("l", org.apache.iceberg.types.Types.ListType.ofOptional(103, t.i), Types.ARRAY, List.of(1, 2, 3),
        List.of(), null);
    iceberg("m", org.apache.iceberg.types.Types.MapType.ofOptional(104, 105, t.s, t.i), Types.JAVA_OBJECT,
        Map.of("a", 1, "b", 2), Map.of(), null);
    iceberg("st", POINT, Types.STRUCT, point(7, "why"), point(null, "only y"), null);
  }

  private static final int ROWS = 3;

  @BeforeAll
  static void writeTables() throws SQLException {
    List<Col> cols = new ArrayList<>();
    cols.add(new Col("id", "long", false));
    DELTA_TYPES.forEach((name, type) -> cols.add(Col.of(name, type)));
    DeltaTestWriter dw = DeltaTestWriter.create(dir.resolve("delta_types"), cols);
    dw.append(rows(DELTA));

    List<org.apache.iceberg.types.Types.NestedField> fields = new ArrayList<>();
    fields.add(required(1, "id", org.apache.iceberg.types.Types.LongType.get()));
    for (int i = 0; i < ICEBERG.size(); i++) {
      fields.add(optional(2 + i, ICEBERG.get(i).name(), ICEBERG_TYPES.get(i)));
    }
    IcebergTestWriter iw = IcebergTestWriter.create(dir.resolve("iceberg_types"), new Schema(fields));
    iw.append(rows(ICEBERG));

    c = TckTables.connect(dir);
  }

  @AfterAll
  static void close() throws SQLException {
    c.close();
  }

  /** Writer rows: id (1-based row number) then each case's value for that row. */
  private static List<Object[]> rows(List<Case> cases) {
    List<Object[]> rows = new ArrayList<>();
    for (int r = 0; r < ROWS; r++) {
      Object[] row = new Object[cases.size() + 1];
      row[0] = (long) r + 1;
      for (int i = 0; i < cases.size(); i++) {
        row[i + 1] = cases.get(i).values()[r];
      }
      rows.add(row);
    }
    return rows;
  }

  private static String select(List<Case> cases, String table) {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < cases.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append('"').append(cases.get(i).name()).append('"');
    }
    return sql.append(" FROM ").append(table).append(" ORDER BY id").toString();
  }

  // ------------------------------------------------------------------------------------------------- values

  @Test
  void deltaValues() throws SQLException {
    checkValues(DELTA, "delta_types");
  }

  @Test
  void icebergValues() throws SQLException {
    checkValues(ICEBERG, "iceberg_types");
  }

  /** Temporal values must not depend on the JVM's default time zone. */
  @Test
  void valuesInANonUtcJvm() throws SQLException {
    TimeZone saved = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns")); // -03:30 / -02:30, DST in the data's range
    try (Connection other = TckTables.connect(dir)) {
      checkValues(DELTA, "delta_types", other);
      checkValues(ICEBERG, "iceberg_types", other);
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  /** The time_zone session setting changes how instants are shown, never which instant they are. */
  @Test
  void valuesWithASessionTimeZone() throws SQLException {
    try (Connection other = DriverManager.getConnection(TckTables.url(dir) + "?time_zone=Asia/Tokyo")) {
      checkValues(DELTA, "delta_types", other);
      checkValues(ICEBERG, "iceberg_types", other);
    }
  }

  /**
   * The time_zone property is documented as "how TIMESTAMP WITH TIME ZONE values are shown": getString and
   * getObject(OffsetDateTime) show the session zone's offset, consistent with getObject(LocalDateTime), which the
   * driver already converts into the session zone.
   */
  @Test
  void timestampWithTimeZoneIsShownInTheSessionZone() throws SQLException {
    ZoneId tokyo = ZoneId.of("Asia/Tokyo");
    Instant written = (Instant) DELTA.stream().filter(k -> k.name().equals("ts")).findFirst().orElseThrow()
        .values()[0];
    try (Connection other = DriverManager.getConnection(TckTables.url(dir) + "?time_zone=" + tokyo);
        Statement s = other.createStatement();
        ResultSet rs = s.executeQuery("SELECT ts FROM delta_types ORDER BY id")) {
      assertTrue(rs.next());
      OffsetDateTime expected = written.atZone(tokyo).toOffsetDateTime();
      assertEquals(expected.toLocalDateTime(), rs.getObject(1, LocalDateTime.class));
      assertEquals(expected, rs.getObject(1, OffsetDateTime.class), "offset of the session zone");
      assertEquals(expected.getOffset(), OffsetDateTime.parse(rs.getString(1).replace(' ', 'T')
          .replaceAll("([+-]\\d\\d)$", "$1:00")).getOffset(), "getString " + rs.getString(1));
    }
  }

  private static void checkValues(List<Case> cases, String table) throws SQLException {
    checkValues(cases, table, c);
  }

  private static void checkValues(List<Case> cases, String table, Connection conn) throws SQLException {
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(select(cases, table))) {
      for (int r = 0; r < ROWS; r++) {
        assertTrue(rs.next(), "row " + r);
        for (int i = 0; i < cases.size(); i++) {
          Case k = cases.get(i);
          checkValue(rs, i + 1, k.values()[r], table + "." + k.name() + " row " + (r + 1));
        }
      }
      assertFalse(rs.next());
    }
  }

  private static void checkValue(ResultSet rs, int col, Object written, String what) throws SQLException {
    if (written == null) {
      assertNull(rs.getObject(col), what);
      assertTrue(rs.wasNull(), what);
      assertNull(rs.getString(col), what);
      return;
    }
    Object got = rs.getObject(col);
    assertNotNull(got, what);
    assertFalse(rs.wasNull(), what);
    if (written instanceof Boolean b) {
      assertEquals(b, got, what);
      assertEquals(b, rs.getBoolean(col), what);
      assertEquals(b.toString(), rs.getString(col), what);
    } else if (written instanceof Byte b) {
      assertEquals(b, got, what);
      assertEquals(b.byteValue(), rs.getByte(col), what);
      assertEquals(b.toString(), rs.getString(col), what);
    } else if (written instanceof Short v) {
      assertEquals(v, got, what);
      assertEquals(v.shortValue(), rs.getShort(col), what);
      assertEquals(v.toString(), rs.getString(col), what);
    } else if (written instanceof Integer v) {
      assertEquals(v, got, what);
      assertEquals(v.intValue(), rs.getInt(col), what);
      assertEquals(v.longValue(), rs.getLong(col), what);
      assertEquals(v.toString(), rs.getString(col), what);
    } else if (written instanceof Long v) {
      assertEquals(v, got, what);
      assertEquals(v.longValue(), rs.getLong(col), what);
      assertEquals(BigDecimal.valueOf(v), rs.getBigDecimal(col), what);
      assertEquals(v.toString(), rs.getString(col), what);
    } else if (written instanceof Float v) {
      assertEquals(v, got, what);
      assertEquals(v, rs.getFloat(col), what);
      assertEquals(v.doubleValue(), rs.getDouble(col), what);
    } else if (written instanceof Double v) {
      assertEquals(v, got, what);
      assertEquals(v, rs.getDouble(col), what);
    } else if (written instanceof BigDecimal v) {
      BigDecimal scaled = v.setScale(rs.getMetaData().getScale(col));
      assertEquals(scaled, got, what + " (value and scale)");
      assertEquals(scaled, rs.getBigDecimal(col), what);
      assertEquals(scaled, rs.getObject(col, BigDecimal.class), what);
      assertEquals(scaled.toPlainString(), rs.getString(col), what);
    } else if (written instanceof String v) {
      assertEquals(v, got, what);
      assertEquals(v, rs.getString(col), what);
      assertEquals(v, rs.getObject(col, String.class), what);
    } else if (written instanceof byte[] v) {
      assertArrayEquals(v, rs.getBytes(col), what);
      assertInstanceOf(byte[].class, got, what);
      assertArrayEquals(v, (byte[]) got, what);
      assertArrayEquals(v, rs.getObject(col, byte[].class), what);
    } else if (written instanceof LocalDate v) {
      assertEquals(v, rs.getObject(col, LocalDate.class), what);
      assertEquals(v, rs.getDate(col).toLocalDate(), what);
      assertEquals(v.toString(), rs.getString(col), what);
    } else if (written instanceof LocalTime v) {
      assertEquals(v, rs.getObject(col, LocalTime.class), what);
      assertEquals(v.withNano(0), rs.getTime(col).toLocalTime(), what);
    } else if (written instanceof LocalDateTime v) {
      assertEquals(v, rs.getObject(col, LocalDateTime.class), what);
      assertEquals(v, rs.getTimestamp(col).toLocalDateTime(), what);
      assertEquals(v.toLocalDate(), rs.getObject(col, LocalDate.class), what);
      assertEquals(v.toLocalDate(), rs.getDate(col).toLocalDate(), what);
      assertThrows(SQLException.class, () -> rs.getObject(col, Instant.class), what + ": no instant");
    } else if (written instanceof Instant v) {
      assertEquals(v, rs.getObject(col, Instant.class), what);
      assertEquals(v, rs.getObject(col, OffsetDateTime.class).toInstant(), what);
      assertEquals(v, rs.getTimestamp(col).toInstant(), what + ": getTimestamp denotes the instant");
      assertInstanceOf(OffsetDateTime.class, got, what);
      assertEquals(v, ((OffsetDateTime) got).toInstant(), what);
    } else if (written instanceof UUID v) {
      assertEquals(v.toString(), rs.getString(col), what);
      assertEquals(v.toString(), rs.getObject(col, String.class), what);
    } else if (written instanceof List<?> v) {
      Array a = rs.getArray(col);
      assertNotNull(a, what);
      assertArrayEquals(v.toArray(), (Object[]) a.getArray(), what);
      assertInstanceOf(Array.class, got, what);
      assertArrayEquals(v.toArray(), (Object[]) ((Array) got).getArray(), what);
      if (!v.isEmpty()) {
        assertEquals(Types.INTEGER, a.getBaseType(), what);
      }
    } else if (written instanceof Map<?, ?> v) {
      assertInstanceOf(Map.class, got, what);
      assertEquals(v, new HashMap<>((Map<?, ?>) got), what);
    } else if (written instanceof Record v) {
      assertInstanceOf(Struct.class, got, what);
      Object[] expected = new Object[v.size()];
      for (int i = 0; i < v.size(); i++) {
        expected[i] = v.get(i);
      }
      assertArrayEquals(expected, ((Struct) got).getAttributes(), what);
    } else {
      throw new AssertionError("no check for " + written.getClass());
    }
  }

  // ---------------------------------------------------------------------------------------------- metadata

  @Test
  void deltaColumnTypes() throws SQLException {
    checkColumnTypes(DELTA, "delta_types");
  }

  @Test
  void icebergColumnTypes() throws SQLException {
    checkColumnTypes(ICEBERG, "iceberg_types");
  }

  private static void checkColumnTypes(List<Case> cases, String table) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(select(cases, table))) {
      ResultSetMetaData md = rs.getMetaData();
      assertEquals(cases.size(), md.getColumnCount());
      for (int i = 0; i < cases.size(); i++) {
        Case k = cases.get(i);
        assertEquals(k.name(), md.getColumnName(i + 1));
        assertEquals(k.name(), md.getColumnLabel(i + 1));
        assertEquals(k.jdbcType(), md.getColumnType(i + 1), table + "." + k.name() + " " + md.getColumnTypeName(i + 1));
      }
    }
  }

  @Test
  void decimalPrecisionAndScale() throws SQLException {
    Map<String, int[]> expected = Map.of("dec", new int[] {12, 3}, "big", new int[] {38, 10});
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT dec, big FROM delta_types")) {
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= 2; i++) {
        int[] ps = expected.get(md.getColumnName(i));
        assertEquals(ps[0], md.getPrecision(i), md.getColumnName(i));
        assertEquals(ps[1], md.getScale(i), md.getColumnName(i));
        assertTrue(md.isSigned(i));
      }
    }
    try (ResultSet rs = c.getMetaData().getColumns(null, "main", "delta_types", "%")) {
      while (rs.next()) {
        int[] ps = expected.get(rs.getString("COLUMN_NAME"));
        if (ps != null) {
          assertEquals(ps[0], rs.getInt("COLUMN_SIZE"), rs.getString("COLUMN_NAME"));
          assertEquals(ps[1], rs.getInt("DECIMAL_DIGITS"), rs.getString("COLUMN_NAME"));
        }
      }
    }
  }

  /** getColumns DATA_TYPE and TYPE_NAME agree with the result metadata of SELECT * for every column. */
  @Test
  void getColumnsAgreesWithResultSetMetaData() throws SQLException {
    for (String table : List.of("delta_types", "iceberg_types")) {
      List<String> fromMetadata = new ArrayList<>();
      try (ResultSet cols = c.getMetaData().getColumns(null, "main", table, "%")) {
        while (cols.next()) {
          fromMetadata.add(cols.getString("COLUMN_NAME") + " " + cols.getInt("DATA_TYPE") + " "
              + cols.getString("TYPE_NAME").replace("\"", ""));
        }
      }
      List<String> fromResult = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          fromResult.add(md.getColumnName(i) + " " + md.getColumnType(i) + " "
              + md.getColumnTypeName(i).replace("\"", ""));
        }
      }
      assertEquals(fromResult, fromMetadata, table);
    }
  }

  /**
   * getColumnClassName names the class of getObject's value, for every column with a value: table columns of
   * every type and computed columns (aggregates, casts).
   */
  @Test
  void columnClassNameMatchesGetObject() throws SQLException {
    List<String> mismatches = new ArrayList<>();
    classNames(select(DELTA, "delta_types"), mismatches);
    classNames(select(ICEBERG, "iceberg_types"), mismatches);
    classNames("SELECT sum(i64) AS sum_bigint, sum(i32) AS sum_int, count(*) AS cnt, avg(f64) AS avg_double, "
        + "sum(dec) AS sum_decimal, max(d) AS max_date, min(ts) AS min_tstz FROM delta_types", mismatches);
    assertEquals(List.of(), mismatches);
  }

  private static void classNames(String sql, List<String> mismatches) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        for (int i = 1; i <= md.getColumnCount(); i++) {
          Object v = rs.getObject(i);
          if (v == null) {
            continue;
          }
          String className = md.getColumnClassName(i);
          boolean ok;
          try {
            ok = Class.forName(className).isInstance(v);
          } catch (ClassNotFoundException e) {
            ok = false;
          }
          String entry = md.getColumnName(i) + " (" + md.getColumnTypeName(i) + "): getColumnClassName "
              + className + " but getObject " + v.getClass().getName();
          if (!ok && !mismatches.contains(entry)) {
            mismatches.add(entry);
          }
        }
      }
    }
  }

  /** Aggregates computed by the engine over written values. */
  @Test
  void aggregatesOverWrittenValues() throws SQLException {
    long sumI64 = 0;
    int count = 0;
    BigDecimal sumDec = BigDecimal.ZERO;
    for (Case k : DELTA) {
      for (Object v : k.values()) {
        if (k.name().equals("i64") && v != null) {
          sumI64 += (Long) v;
        }
        if (k.name().equals("dec") && v != null) {
          sumDec = sumDec.add((BigDecimal) v);
        }
      }
    }
    count = ROWS;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT sum(i64), count(*), sum(dec) FROM delta_types")) {
      assertTrue(rs.next());
      assertEquals(sumI64, rs.getLong(1));
      assertEquals(BigInteger.valueOf(sumI64), rs.getBigDecimal(1).toBigIntegerExact());
      assertEquals(count, rs.getLong(2));
      assertEquals(0, sumDec.compareTo(rs.getBigDecimal(3)));
    }
  }

  // ---------------------------------------------------------------------------------------- nested values

  /** ARRAY / STRUCT / MAP built by DuckDB functions in the spellings the SQL front parses. */
  @Test
  void nestedValuesFromExpressions() throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT ARRAY[1, 2, 3] AS a, struct_pack(x => 1, y => 'b') AS s, MAP['k', 1] AS m, "
            + "list_value('p', 'q') AS l FROM delta_types LIMIT 1")) {
      assertTrue(rs.next());
      ResultSetMetaData md = rs.getMetaData();
      assertEquals(Types.ARRAY, md.getColumnType(1));
      assertEquals(Types.STRUCT, md.getColumnType(2));
      assertEquals(Types.JAVA_OBJECT, md.getColumnType(3), "MAP is documented as JAVA_OBJECT (java.util.Map)");
      assertEquals(Types.ARRAY, md.getColumnType(4));

      Array a = rs.getArray(1);
      assertArrayEquals(new Object[] {1, 2, 3}, (Object[]) a.getArray());
      assertInstanceOf(Array.class, rs.getObject(1));
      Struct st = assertInstanceOf(Struct.class, rs.getObject(2));
      assertArrayEquals(new Object[] {1, "b"}, st.getAttributes());
      Map<?, ?> m = assertInstanceOf(Map.class, rs.getObject(3));
      assertEquals(Map.of("k", 1), m);
      assertArrayEquals(new Object[] {"p", "q"}, (Object[]) rs.getArray(4).getArray());
      for (int i = 1; i <= md.getColumnCount(); i++) {
        assertTrue(Class.forName(md.getColumnClassName(i)).isInstance(rs.getObject(i)), md.getColumnName(i));
      }
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  /** DuckDB's own literal syntax for lists, structs and maps ([..], {..}, MAP {..}). */
  @Test
  void duckDbNestedLiteralSyntax() throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT [1, 2, 3] AS a, {'x': 1} AS s, MAP {'k': 1} AS m FROM delta_types LIMIT 1")) {
      assertTrue(rs.next());
      assertArrayEquals(new Object[] {1, 2, 3}, (Object[]) rs.getArray(1).getArray());
      assertArrayEquals(new Object[] {1}, assertInstanceOf(Struct.class, rs.getObject(2)).getAttributes());
      assertEquals(Map.of("k", 1), rs.getObject(3));
    }
  }

  // ------------------------------------------------------------------------------------------------ errors

  /** A getter that does not fit the column's type fails with an SQLException, not an unchecked exception. */
  @Test
  void incompatibleGettersThrowSqlException() throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT i64, s, bin FROM delta_types ORDER BY id")) {
      assertTrue(rs.next());
      List<String> unchecked = new ArrayList<>();
      List<org.junit.jupiter.api.function.ThrowingSupplier<?>> calls = List.of(
          () -> rs.getTimestamp(1), () -> rs.getDate(1), () -> rs.getTime(1),
          () -> rs.getTimestamp(2), () -> rs.getDate(2),
          () -> rs.getTimestamp(3), () -> rs.getDate(3), () -> rs.getInt(3),
          () -> rs.getObject(1, LocalDate.class), () -> rs.getObject(2, Instant.class));
      for (int i = 0; i < calls.size(); i++) {
        try {
          calls.get(i).get();
        } catch (SQLException expected) {
          // the contract
        } catch (Throwable t) {
          unchecked.add("call #" + i + ": " + t);
        }
      }
      assertEquals(List.of(), unchecked);
      assertEquals(Objects.requireNonNull(DELTA.get(4).values()[0]), rs.getLong(1), "the row is still readable");
    }
  }

  @Test
  void columnLookupByLabelIsCaseInsensitive() throws SQLException {
    String s0 = (String) DELTA.stream().filter(k -> k.name().equals("s")).findFirst().orElseThrow().values()[0];
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT s AS Label FROM delta_types ORDER BY id")) {
      assertTrue(rs.next());
      assertEquals(s0, rs.getString("Label"));
      assertEquals(s0, rs.getString("LABEL"));
      assertEquals(s0, rs.getString("label"));
      assertEquals(1, rs.findColumn("label"));
      assertThrows(SQLException.class, () -> rs.findColumn("nope"));
      assertThrows(SQLException.class, () -> rs.getString(2));
    }
  }

}
