package io.lakehouse.config;

import java.nio.file.Path;

/**
 * The catalog's {@code audit:} section: where each statement's audit record goes (see docs/security.md).
 *
 * @param sink where records go
 * @param path the file, for {@link Sink#FILE} (absolute), else null
 * @param maxBytes the file is rotated when a record would make it larger than this
 * @param maxFiles files kept in total: the live file and {@code .1} .. {@code .(maxFiles-1)}
 * @param maskLiterals whether string and number literals in the statement text are written as {@code ?}
 * @param queue records that may wait for the writer; beyond it records are dropped and counted
 * @param logger the SLF4J logger name, for {@link Sink#SLF4J}
 */
public record AuditSettings(Sink sink, Path path, long maxBytes, int maxFiles, boolean maskLiterals, int queue,
    String logger) {
  public enum Sink { FILE, SLF4J, NONE }

  public static final long DEFAULT_MAX_BYTES = 64L << 20;
  public static final int DEFAULT_MAX_FILES = 10;
  public static final int DEFAULT_QUEUE = 8192;
  public static final String DEFAULT_LOGGER = "io.lakehouse.audit";

  /**
   * Without an {@code audit:} section: the SLF4J logger {@code io.lakehouse.audit} at INFO. The driver writes no
   * file nobody asked for, and an application's logging setup decides where the lines go.
   */
  public static final AuditSettings DEFAULT = new AuditSettings(Sink.SLF4J, null, DEFAULT_MAX_BYTES,
      DEFAULT_MAX_FILES, true, DEFAULT_QUEUE, DEFAULT_LOGGER);
}
