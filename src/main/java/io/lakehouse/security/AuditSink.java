package io.lakehouse.security;

import java.io.IOException;
import java.util.List;

/** Where audit lines go. Only the sink's writer thread calls it. */
interface AuditSink {
  /** Whether lines would go anywhere (an SLF4J logger may be off); when not, records are not even queued. */
  default boolean enabled() {
    return true;
  }

  /** Opens the destination now, so that a bad configuration fails the connection instead of every query. */
  default void open() throws IOException {}

  /** Writes a batch of lines (no line breaks inside) and makes them durable as far as the sink can. */
  void write(List<String> lines) throws IOException;

  void close();

  /** For messages: what the sink writes to. */
  String describe();
}
