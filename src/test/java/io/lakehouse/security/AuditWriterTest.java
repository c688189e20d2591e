package io.lakehouse.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakehouse.Redaction;
import io.lakehouse.SqlState;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;

/**
 * The writer's guarantees with sinks that block or fail (the sink is the only stand-in; queue, writer thread,
 * records and JSON are the real ones): a full queue drops and counts, never blocks, and the count is written;
 * sink failures are counted and reported in the next line; the SLF4J sink; literal masking.
 */
class AuditWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Blocks inside write() until released; records every line it was given. */
  static final class GatedSink implements AuditSink {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger failuresLeft;

    GatedSink(int failures) {
      this.failuresLeft = new AtomicInteger(failures);
    }

    @Override
    public void write(List<String> batch) throws IOException {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failuresLeft.getAndDecrement() > 0) {
        throw new IOException("disk full");
      }
      lines.addAll(batch);
    }

    @Override
    public void close() {}

    @Override
    public String describe() {
      return "test sink";
    }
  }

  private static JsonNode json(String line) throws IOException {
    return JSON.readTree(line);
  }

  @Test
  void fullQueueDropsCountsAndReportsNeverBlocks() throws Exception {
    int capacity = 2;
    int burst = 10;
    GatedSink sink = new GatedSink(0);
    AuditWriter writer = new AuditWriter("test", sink, capacity).start();
    AuditLog log = new AuditLog(writer, false, "p", null);
    log.begin("SELECT 0").finish(1);
    assertTrue(sink.entered.await(10, TimeUnit.SECONDS), "the writer took the first record and is blocked");
    for (int i = 1; i <= burst; i++) {
      log.begin("SELECT " + i).finish(0);  // returns at once although the sink is blocked
    }
    assertEquals(burst - capacity, log.recordsLost(), "what did not fit the queue was dropped and counted");
    sink.release.countDown();
    new AuditRecordProbe(writer).awaitHandled(1 + capacity);  // the queue has room again
    log.begin("SELECT after").finish(0);
    log.close();

    List<String> statements = new ArrayList<>();
    long reported = 0;
    for (String line : sink.lines) {
      JsonNode n = json(line);
      statements.add(n.get("statement").asText());
      reported += n.path("dropped_before").asLong(0);
    }
    List<String> expected = new ArrayList<>(List.of("SELECT 0"));
    for (int i = 1; i <= capacity; i++) {
      expected.add("SELECT " + i);
    }
    expected.add("SELECT after");
    assertEquals(expected, statements, "the queued records were written, in order");
    assertEquals(burst - capacity, reported, "the drops are written in the log itself");
    assertEquals(1 + burst + 1, statements.size() + reported, "every record is written or counted");
  }

  @Test
  void sinkFailuresAreCountedAndReportedInTheNextLine() throws Exception {
    GatedSink sink = new GatedSink(1);
    sink.release.countDown();
    AuditWriter writer = new AuditWriter("test", sink, 16).start();
    AuditLog log = new AuditLog(writer, false, "p", null);
    AuditRecordProbe probe = new AuditRecordProbe(writer);
    log.begin("SELECT 'lost'").finish(1);  // the sink fails: the query does not notice
    probe.awaitHandled(1);
    assertEquals(1, writer.failed());
    assertEquals(1, log.recordsLost());
    log.begin("SELECT 'kept'").finish(1);
    log.close();
    assertEquals(1, sink.lines.size());
    JsonNode n = json(sink.lines.get(0));
    assertEquals("SELECT 'kept'", n.get("statement").asText());
    assertEquals(1, n.get("dropped_before").asLong());
  }

  @Test
  void lossWithNoLaterRecordIsWrittenAtShutdown() throws Exception {
    GatedSink sink = new GatedSink(1);
    sink.release.countDown();
    AuditWriter writer = new AuditWriter("test", sink, 16).start();
    AuditLog log = new AuditLog(writer, false, "p", null);
    log.begin("SELECT 1").finish(1);
    new AuditRecordProbe(writer).awaitHandled(1);
    log.close();
    assertEquals(1, sink.lines.size());
    JsonNode n = json(sink.lines.get(0));
    assertEquals("records_lost", n.get("event").asText());
    assertEquals(1, n.get("dropped_before").asLong());
  }

  /** Waits for the writer to have handled a number of records (a failure counts as handled). */
  record AuditRecordProbe(AuditWriter writer) {
    void awaitHandled(long n) {
      assertTrue(writer.awaitHandled(n, 10_000), "handled in time");
    }
  }

  /** An SLF4J logger that keeps what it is given (the driver ships slf4j-nop, which keeps nothing). */
  static final class CapturingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    final List<String> messages = Collections.synchronizedList(new ArrayList<>());
    final boolean enabled;

    CapturingLogger(boolean enabled) {
      this.name = "io.lakehouse.audit";
      this.enabled = enabled;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String msg, Object[] args, Throwable t) {
      assertEquals(Level.INFO, level);
      assertTrue(args == null || args.length == 0, "the line is the message, no {} formatting");
      messages.add(msg);
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return false;
    }

    @Override
    public boolean isInfoEnabled() {
      return enabled;
    }

    @Override
    public boolean isWarnEnabled() {
      return enabled;
    }

    @Override
    public boolean isErrorEnabled() {
      return enabled;
    }
  }

  @Test
  void slf4jSinkOneInfoEventPerRecordRedacted() throws Exception {
    String secret = "Slf4jCanary" + Long.toHexString(System.nanoTime());
    Redaction.register(secret);
    CapturingLogger logger = new CapturingLogger(true);
    AuditWriter writer = new AuditWriter("test", new Slf4jAuditSink(logger), 16).start();
    AuditLog log = new AuditLog(writer, false, "ada", null);
    String sql = "SELECT '" + secret + "', '{}' AS braces";
    log.begin(sql).finish(1);
    log.begin("SELECT 2").failed(new SQLException("no", SqlState.ACCESS_DENIED.code()), 0);
    log.close();
    assertEquals(2, logger.messages.size());
    JsonNode first = json(logger.messages.get(0));
    assertEquals(sql.replace(secret, "****"), first.get("statement").asText());
    assertEquals("ada", first.get("principal").asText());
    assertFalse(String.join("\n", logger.messages).contains(secret));
    JsonNode second = json(logger.messages.get(1));
    assertEquals("denied", second.get("outcome").asText());
    assertEquals(SqlState.ACCESS_DENIED.code(), second.get("sqlstate").asText());

    CapturingLogger off = new CapturingLogger(false);
    AuditWriter quiet = new AuditWriter("test", new Slf4jAuditSink(off), 16).start();
    AuditLog quietLog = new AuditLog(quiet, false, "ada", null);
    quietLog.begin("SELECT 1").finish(1);
    quietLog.close();
    assertTrue(off.messages.isEmpty());
    assertEquals(0, quietLog.recordsLost(), "a disabled logger is not a loss: nothing is queued");
  }

  @Test
  void literalMasking() {
    assertEquals("SELECT ? AS \"x1\", t1.a FROM t1 WHERE b = ? AND c IN (?, ?, ?) AND d > ?",
        LiteralMasker.mask("SELECT 'it''s' AS \"x1\", t1.a FROM t1 WHERE b = 'x' AND c IN (1, 2.5, .5) AND d > 1e-3"));
    assertEquals("SELECT * FROM t FOR TIMESTAMP AS OF TIMESTAMP ? WHERE x = $1 AND y = ?",
        LiteralMasker.mask("SELECT * FROM t FOR TIMESTAMP AS OF TIMESTAMP '2024-01-01 00:00:00' WHERE x = $1 AND y = ?"));
    assertEquals("SELECT ?, ?, ? -- 'kept' 42\n/* 7 */ FROM \"t\"\"2\"",
        LiteralMasker.mask("SELECT E'a\\n', X'00ff', 0x1F -- 'kept' 42\n/* 7 */ FROM \"t\"\"2\""));
    assertEquals("SELECT -?, ?", LiteralMasker.mask("SELECT -5, 'unterminated"));
  }

  @Test
  void outcomes() {
    assertEquals(AuditOutcome.DENIED, AuditOutcome.of(new SQLException("x", SqlState.UNKNOWN_TABLE.code())));
    assertEquals(AuditOutcome.DENIED, AuditOutcome.of(new SQLException("x", SqlState.READ_ONLY.code())));
    assertEquals(AuditOutcome.DENIED, AuditOutcome.of(new SQLException("x", SqlState.NOT_SUPPORTED.code())));
    assertEquals(AuditOutcome.ERROR, AuditOutcome.of(new SQLException("x", SqlState.INVALID_CAST.code())));
    assertEquals(AuditOutcome.ERROR, AuditOutcome.of(new IllegalStateException("x")));
    assertEquals(AuditOutcome.CANCELLED, AuditOutcome.of(new SQLException("x", SqlState.CANCELLED.code())));
    assertEquals(AuditOutcome.TIMEOUT, AuditOutcome.of(new SQLTimeoutException("x", SqlState.CANCELLED.code())));
  }
}
