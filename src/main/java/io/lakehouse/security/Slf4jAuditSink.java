package io.lakehouse.security;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One INFO event per audit line on an SLF4J logger; the application's logging setup decides where it goes. */
final class Slf4jAuditSink implements AuditSink {
  private final Logger logger;

  Slf4jAuditSink(String name) {
    this(LoggerFactory.getLogger(name));
  }

  Slf4jAuditSink(Logger logger) {
    this.logger = logger;
  }

  @Override
  public boolean enabled() {
    return logger.isInfoEnabled();
  }

  @Override
  public void write(List<String> lines) {
    for (String line : lines) {
      logger.info(line);
    }
  }

  @Override
  public void close() {}

  @Override
  public String describe() {
    return "SLF4J logger " + logger.getName();
  }
}
