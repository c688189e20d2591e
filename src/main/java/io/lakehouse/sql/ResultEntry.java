package io.lakehouse.sql;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One result-cache entry: the result as a Parquet file written by DuckDB, preceded by the columns that travel in
 * another type because Parquet has no exact form of theirs (HUGEINT as DECIMAL(38,0), INTERVAL as text, ...) and are
 * cast back when read. The header holds only column names and a fixed set of types, never SQL: an entry someone
 * else wrote under a key cannot make the driver run a statement of theirs.
 */
record ResultEntry(List<Carried> carried, byte[] parquet) {
  private static final int MAGIC = 0x4c485231;  // "LHR1"

  /** Top-level column types carried in another Parquet type, and cast back exactly on reading. */
  enum Carrier {
    HUGEINT("HUGEINT", "DECIMAL(38,0)"),
    UHUGEINT("UHUGEINT", "DECIMAL(38,0)"),
    TIMESTAMP_S("TIMESTAMP_S", "TIMESTAMP"),
    TIMESTAMP_MS("TIMESTAMP_MS", "TIMESTAMP"),
    INTERVAL("INTERVAL", "VARCHAR"),
    TIME_TZ("TIME WITH TIME ZONE", "VARCHAR");

    final String type;
    final String carrier;

    Carrier(String type, String carrier) {
      this.type = type;
      this.carrier = carrier;
    }

    /** The carrier of a column of exactly this type, if there is one. */
    static Optional<Carrier> of(String type) {
      return Arrays.stream(values()).filter(c -> c.type.equals(type)).findFirst();
    }
  }

  /** A column carried in another type. */
  record Carried(String name, Carrier carrier) {}

  byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(parquet.length + 64);
    try (DataOutputStream d = new DataOutputStream(out)) {
      d.writeInt(MAGIC);
      d.writeInt(carried.size());
      for (Carried c : carried) {
        d.writeUTF(c.name());
        d.writeByte(c.carrier().ordinal());
      }
      d.write(parquet);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);  // a byte array does not fail
    }
    return out.toByteArray();
  }

  /** The entry in these bytes; empty when they are not one (then it is a miss). */
  static Optional<ResultEntry> parse(byte[] bytes) {
    try (DataInputStream d = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (d.readInt() != MAGIC) {
        return Optional.empty();
      }
      int n = d.readInt();
      if (n < 0 || n > 100_000) {
        return Optional.empty();
      }
      List<Carried> carried = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String name = d.readUTF();
        int ordinal = d.readUnsignedByte();
        if (ordinal >= Carrier.values().length) {
          return Optional.empty();
        }
        carried.add(new Carried(name, Carrier.values()[ordinal]));
      }
      byte[] parquet = d.readAllBytes();
      return isParquet(parquet) ? Optional.of(new ResultEntry(carried, parquet)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Parquet's magic at both ends. */
  private static boolean isParquet(byte[] b) {
    return b.length >= 12 && b[0] == 'P' && b[1] == 'A' && b[2] == 'R' && b[3] == '1' && b[b.length - 4] == 'P'
        && b[b.length - 3] == 'A' && b[b.length - 2] == 'R' && b[b.length - 1] == '1';
  }

  /** The query that reads the entry's file ($1) back with the original types. */
  static String readBack(List<Carried> carried) {
    if (carried.isEmpty()) {
      return "SELECT * FROM read_parquet($1)";
    }
    List<String> replace = new ArrayList<>();
    for (Carried c : carried) {
      replace.add("CAST(" + quote(c.name()) + " AS " + c.carrier().type + ") AS " + quote(c.name()));
    }
    return "SELECT * REPLACE (" + String.join(", ", replace) + ") FROM read_parquet($1)";
  }

  static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
