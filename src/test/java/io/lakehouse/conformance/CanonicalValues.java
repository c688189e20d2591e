package io.lakehouse.conformance;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The one text form in which conformance tests compare a value the driver returned with the value the table's
 * writer (Spark, Iceberg's generic reader, Delta Kernel) reads. The same rules as spark-fixtures' ValueRenderer:
 *
 * <ul>
 *   <li>SQL NULL: Java null at the top level, {@code null} inside a nested value.</li>
 *   <li>BOOLEAN {@code true}/{@code false}; integers in decimal; DECIMAL {@code toPlainString()} at the column's
 *       scale; FLOAT widened to double, then {@code Double.toString}; DOUBLE {@code Double.toString}.</li>
 *   <li>STRING itself; BINARY / FIXED lowercase hex; UUID its canonical lowercase form.</li>
 *   <li>DATE {@code yyyy-MM-dd}; TIME {@code HH:mm:ss[.ffffff]}; TIMESTAMP without zone
 *       {@code yyyy-MM-ddTHH:mm:ss[.ffffff]}; with zone the UTC instant plus {@code Z}. The fraction is left out when
 *       it is 0, else exactly 6 digits (9 when the value has nanoseconds).</li>
 *   <li>STRUCT {@code {name: value, ...}} in field order; LIST {@code [v1, v2]}; MAP {@code {k1=v1, k2=v2}}
 *       sorted by the rendered key.</li>
 * </ul>
 */
public final class CanonicalValues {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
  private static final DateTimeFormatter TIME_SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");

  private CanonicalValues() {}

  /** All rows of a result, each value rendered. */
  public static List<List<String>> rows(ResultSet rs) throws SQLException {
    int n = rs.getMetaData().getColumnCount();
    List<List<String>> out = new ArrayList<>();
    while (rs.next()) {
      List<String> row = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        row.add(render(rs.getObject(i)));
      }
      out.add(row);
    }
    return out;
  }

  /** A value as a JDBC driver returns it from {@code getObject}, or as found inside its Array / Struct / Map. */
  public static String render(Object v) throws SQLException {
    return v == null ? null : nested(v);
  }

  private static String nested(Object v) throws SQLException {
    if (v == null) {
      return "null";
    }
    if (v instanceof Float f) {
      return Double.toString(f.doubleValue());
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof BigInteger || v instanceof Number || v instanceof Boolean || v instanceof String
        || v instanceof UUID) {
      return v.toString();
    }
    if (v instanceof LocalDate d) {
      return d.toString();
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    }
    if (v instanceof java.sql.Time t) {
      return time(t.toLocalTime());
    }
    if (v instanceof LocalTime t) {
      return time(t);
    }
    if (v instanceof OffsetDateTime o) {
      return timestamp(o.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()) + "Z";
    }
    if (v instanceof Instant i) {
      return timestamp(LocalDateTime.ofInstant(i, ZoneOffset.UTC)) + "Z";
    }
    if (v instanceof Timestamp t) {
      return timestamp(t.toLocalDateTime());
    }
    if (v instanceof LocalDateTime t) {
      return timestamp(t);
    }
    if (v instanceof byte[] b) {
      return hex(b);
    }
    if (v instanceof ByteBuffer buf) {
      byte[] b = new byte[buf.remaining()];
      buf.duplicate().get(b);
      return hex(b);
    }
    if (v instanceof java.sql.Blob blob) {
      return hex(blob.getBytes(1, Math.toIntExact(blob.length())));
    }
    if (v instanceof Struct s) {
      // Field names come from the struct's type; DuckDB's JDBC Struct also answers them through its map form.
      Object[] values = s.getAttributes();
      List<String> names = structFieldNames(s, values.length);
      StringJoiner j = new StringJoiner(", ", "{", "}");
      for (int i = 0; i < values.length; i++) {
        j.add(names.get(i) + ": " + nested(values[i]));
      }
      return j.toString();
    }
    if (v instanceof Array a) {
      return list((Object[]) a.getArray());
    }
    if (v instanceof Object[] a) {
      return list(a);
    }
    if (v instanceof List<?> l) {
      return list(l.toArray());
    }
    if (v instanceof Map<?, ?> m) {
      TreeMap<String, String> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sorted.put(nested(e.getKey()), nested(e.getValue()));
      }
      StringJoiner j = new StringJoiner(", ", "{", "}");
      sorted.forEach((k, val) -> j.add(k + "=" + val));
      return j.toString();
    }
    throw new AssertionError("No canonical form for " + v.getClass().getName() + ": " + v);
  }

  private static List<String> structFieldNames(Struct s, int n) throws SQLException {
    List<String> names = new ArrayList<>();
    try {
      Object map = s.getClass().getMethod("getMap").invoke(s);
      if (map instanceof Map<?, ?> m && m.size() == n) {
        m.keySet().forEach(k -> names.add(String.valueOf(k)));
        return names;
      }
    } catch (ReflectiveOperationException e) {
      // not DuckDB's struct: fall through to positions
    }
    for (int i = 0; i < n; i++) {
      names.add("f" + i);
    }
    return names;
  }

  private static String list(Object[] values) throws SQLException {
    StringJoiner j = new StringJoiner(", ", "[", "]");
    for (Object o : values) {
      j.add(nested(o));
    }
    return j.toString();
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length * 2);
    for (byte x : b) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }

  private static String time(LocalTime t) {
    return TIME_SECONDS.format(t) + fraction(t.getNano());
  }

  private static String timestamp(LocalDateTime t) {
    return t.format(SECONDS) + fraction(t.getNano());
  }

  private static String fraction(int nanos) {
    if (nanos == 0) {
      return "";
    }
    return nanos % 1000 == 0 ? String.format(".%06d", nanos / 1000) : String.format(".%09d", nanos);
  }
}
