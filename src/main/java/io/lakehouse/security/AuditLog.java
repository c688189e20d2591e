package io.lakehouse.security;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.config.AuditSettings;
import io.lakehouse.table.TableRead;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connection's audit log: every statement execution, allowed or refused, becomes exactly one record, written
 * asynchronously by the sink's shared {@link AuditWriter} (docs/security.md). The query thread only captures
 * values; formatting, masking and redaction happen on the writer thread.
 */
public final class AuditLog implements AutoCloseable {
  private final AuditWriter writer;
  private final boolean maskLiterals;
  private final String principal;
  private final String organization;
  private final String connectionId = UUID.randomUUID().toString();
  private final AtomicLong statements = new AtomicLong();
  private volatile long lastSequence;
  private boolean closed;

  AuditLog(AuditWriter writer, boolean maskLiterals, String principal, String organization) {
    this.writer = writer;
    this.maskLiterals = maskLiterals;
    this.principal = principal;
    this.organization = organization;
  }

  /**
   * Opens the log of one connection. The sink is shared with every other connection auditing to it; a file sink
   * that cannot be opened fails the connection (08001), so that a misconfigured path is found at once.
   */
  public static AuditLog open(AuditSettings settings, String principal, String organization) throws SQLException {
    try {
      return new AuditLog(AuditWriter.acquire(settings), settings.maskLiterals(), principal, organization);
    } catch (IOException | RuntimeException e) {
      throw new LakehouseSqlException("audit: cannot open the audit " + (settings.path() == null ? "sink"
          : "file " + settings.path()) + ": " + e, SqlState.CONNECTION_FAILED, e);
    }
  }

  /** Records that this connection opened: who, in which organisation. */
  public void connected() {
    submit(AuditRecord.connect(principal, organization, connectionId, null));
  }

  /**
   * Records a refused connection (unknown user, wrong password, bad resolver choice) on the catalog's sink, then
   * lets go of it. Never throws: the caller reports the refusal itself.
   */
  public static void connectionRefused(AuditSettings settings, String user, SQLException failure) {
    try (AuditLog log = open(settings, user, null)) {
      log.submit(AuditRecord.connect(user, null, log.connectionId, failure));
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  public String connectionId() {
    return connectionId;
  }

  /**
   * Records lost JVM-wide on this connection's sink so far: dropped because the queue was full, or not written
   * because the sink failed. Each loss is also reported in the next written record.
   */
  public long recordsLost() {
    return writer == null ? 0 : writer.dropped() + writer.failed();
  }

  /** Starts the record of one execution of {@code sql}; the clock starts now. */
  public Execution begin(String sql) {
    return new Execution(sql);
  }

  /** Waits (bounded) until this connection's records are written, then lets go of the shared sink. */
  @Override
  public synchronized void close() {
    if (closed || writer == null) {
      closed = true;
      return;
    }
    closed = true;
    long last = lastSequence;
    if (last > 0) {
      writer.awaitHandled(last, AuditWriter.DRAIN_MILLIS);
    }
    writer.release();
  }

  private void submit(AuditRecord record) {
    if (writer == null || !writer.enabled()) {
      return;
    }
    long sequence = writer.offer(record);
    if (sequence > 0) {
      lastSequence = sequence;
    }
  }

  /**
   * One execution. Exactly one of {@link #finish} / {@link #failed} writes its record; later calls do nothing, so
   * every path that can end an execution (result set close, re-execute, statement or connection close, failure)
   * may call them.
   */
  public final class Execution {
    private final String sql;
    private final Instant time = Instant.now();
    private final long startNanos = System.nanoTime();
    private final long id = statements.incrementAndGet();
    private volatile List<TableRead> tables = List.of();
    private volatile boolean explain;
    private volatile long executeNanos = -1;
    private volatile boolean cacheHit;
    private boolean done;

    private Execution(String sql) {
      this.sql = sql;
    }

    /** The tables read so far (the list may still grow while the query is being planned). */
    public void tables(List<TableRead> reads, boolean isExplain) {
      this.tables = reads;
      this.explain = isExplain;
    }

    /** The result comes from the result cache: no data file is read (the record says {@code cache_hit}). */
    public void cacheHit() {
      cacheHit = true;
    }

    /** The result is ready: planning and engine start are over, rows may be fetched. */
    public void started() {
      executeNanos = System.nanoTime() - startNanos;
    }

    /** The execution ended normally after the client read {@code rows} rows. */
    public void finish(long rows) {
      end(AuditOutcome.OK, null, null, rows);
    }

    /** The execution failed, was refused, cancelled or timed out, after the client read {@code rows} rows. */
    public void failed(Throwable e, long rows) {
      String state = e instanceof SQLException s ? s.getSQLState() : null;
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      end(AuditOutcome.of(e), state, message, rows);
    }

    private void end(AuditOutcome outcome, String state, String error, long rows) {
      synchronized (this) {
        if (done) {
          return;
        }
        done = true;
      }
      submit(new AuditRecord(time, principal, organization, connectionId, id, sql, maskLiterals, outcome, state,
          error, List.copyOf(tables), explain, rows, System.nanoTime() - startNanos, executeNanos, cacheHit));
    }
  }
}
