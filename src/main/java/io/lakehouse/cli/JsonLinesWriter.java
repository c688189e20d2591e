package io.lakehouse.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import java.sql.Struct;
import java.util.Map;

/**
 * JSON Lines: one object per row, keys = column labels in order. Numbers and booleans are JSON numbers and
 * booleans (NaN and infinities strings), NULL is {@code null}, lists are arrays, maps objects, binary values
 * {@code \xNN} text, everything else (dates, timestamps, intervals, UUIDs) the driver's text.
 */
final class JsonLinesWriter implements ResultWriter {
  private static final JsonFactory JSON = JsonFactory.builder()
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();

  private final PrintStream out;

  JsonLinesWriter(PrintStream out) {
    this.out = out;
  }

  @Override
  public long write(ResultSet rs, BooleanSupplier stop) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    String[] labels = new String[n];
    for (int c = 0; c < n; c++) {
      labels[c] = md.getColumnLabel(c + 1);
    }
    long rows = 0;
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      while (ResultWriter.next(rs, stop)) {
        g.writeStartObject();
        for (int c = 0; c < n; c++) {
          g.writeFieldName(labels[c]);
          Object v = rs.getObject(c + 1);
          if (v == null || rs.wasNull()) {
            g.writeNull();
          } else if (isStructured(v)) {
            value(g, v);
          } else {
            String text = CellText.of(rs, c + 1);
            scalar(g, v, text);
          }
        }
        g.writeEndObject();
        g.writeRaw('\n');
        g.flush();
        rows++;
      }
    } catch (IOException e) {
      if (e.getCause() instanceof SQLException s) {
        throw s;  // reading a nested value failed
      }
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private static boolean isStructured(Object v) {
    return v instanceof Array || v instanceof Map<?, ?> || v instanceof Struct;
  }

  /** A top-level value: numbers and booleans as such, the rest as the same text the other formats print. */
  private static void scalar(JsonGenerator g, Object v, String text) throws IOException {
    if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof BigInteger i) {
      g.writeNumber(i);
    } else if (v instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if ((v instanceof Double || v instanceof Float) && Double.isFinite(((Number) v).doubleValue())) {
      if (v instanceof Float f) {
        g.writeNumber(f);
      } else {
        g.writeNumber((Double) v);
      }
    } else {
      g.writeString(text);
    }
  }

  /** A value inside a list, map or struct (or one of those itself). */
  private static void value(JsonGenerator g, Object v) throws IOException {
    try {
      if (v == null) {
        g.writeNull();
      } else if (v instanceof Array a) {
        g.writeStartArray();
        for (Object e : (Object[]) a.getArray()) {
          value(g, e);
        }
        g.writeEndArray();
      } else if (v instanceof Object[] list) {
        g.writeStartArray();
        for (Object e : list) {
          value(g, e);
        }
        g.writeEndArray();
      } else if (v instanceof Map<?, ?> m) {
        g.writeStartObject();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          g.writeFieldName(String.valueOf(e.getKey()));
          value(g, e.getValue());
        }
        g.writeEndObject();
      } else if (v instanceof Struct s) {
        value(g, structFields(s));
      } else if (v instanceof byte[] bytes) {
        g.writeString(CellText.hex(bytes));
      } else if (v instanceof Blob b) {
        g.writeString(CellText.hex(b.getBytes(1, (int) b.length())));
      } else {
        String temporal = CellText.temporal(v);
        scalar(g, v, temporal != null ? temporal : v.toString());
      }
    } catch (SQLException e) {
      throw new IOException(e);
    }
  }

  /** A struct's fields by name where the driver's struct says them (DuckDB's does: getMap()), else its values. */
  private static Object structFields(Struct s) throws SQLException {
    try {
      Object map = s.getClass().getMethod("getMap").invoke(s);
      if (map instanceof Map<?, ?>) {
        return map;
      }
    } catch (ReflectiveOperationException e) {
      // not DuckDB's struct: its attributes, unnamed
    }
    return s.getAttributes();
  }
}
