package io.lakehouse.table;

import java.sql.SQLException;
import java.util.Arrays;

/**
 * The rows a deletion vector removes from one data file, as a plan carries them: the number of deleted rows, known
 * from the metadata, and a way to decode the positions when the engine needs them. Plans are cached, so an
 * implementation keeps only the vector's descriptor (where it is stored, how large it is) and decodes the positions
 * anew on each {@link #forEach} call, one file at a time, into the consumer (the engine's appender): no plan holds a
 * list of deleted positions.
 */
public interface DeletedRows {

  /** The number of deleted rows, from the table metadata (no decoding). */
  long cardinality();

  /**
   * Decodes the deleted positions (reading the vector's file through the table's storage when it is not inline) and
   * passes each to the consumer, each position once.
   */
  void forEach(PositionConsumer consumer) throws SQLException;

  /** Receives one deleted row position (0-based row number in its data file). */
  @FunctionalInterface
  interface PositionConsumer {
    void accept(long position) throws SQLException;
  }

  /** Positions already in memory (small vectors, tests). */
  static DeletedRows of(long... positions) {
    long[] copy = positions.clone();
    return new DeletedRows() {
      @Override
      public long cardinality() {
        return copy.length;
      }

      @Override
      public void forEach(PositionConsumer consumer) throws SQLException {
        for (long p : copy) {
          consumer.accept(p);
        }
      }

      @Override
      public String toString() {
        return "DeletedRows" + Arrays.toString(copy);
      }
    };
  }
}
