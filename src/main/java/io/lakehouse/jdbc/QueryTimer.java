package io.lakehouse.jdbc;

import io.lakehouse.engine.EngineSession;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A statement's query timeout over the engine's working time: the execution and every fetch of its (streamed)
 * result count, the time the application spends between fetches does not (DuckDB pauses a streamed query whose
 * buffer is full). When the budget is used up while the engine is working, the session is interrupted, and again
 * every second while it still works (an interrupt that reaches DuckDB just before a query starts is forgotten).
 * Stopped when the result is exhausted or closed, or the execution fails.
 */
final class QueryTimer {
  private static final ScheduledExecutorService TIMEOUTS = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lakehouse-jdbc-query-timeout");
    t.setDaemon(true);
    return t;
  });

  private final int seconds;
  private final long budgetNanos;
  private volatile EngineSession session;
  /** Guarded by this. */
  private long usedNanos;
  private long busySince = -1;
  private ScheduledFuture<?> pending;
  private boolean stopped;
  private volatile boolean expired;

  /** @param seconds the effective timeout; 0: none (the timer then does nothing) */
  QueryTimer(int seconds) {
    this.seconds = seconds;
    this.budgetNanos = TimeUnit.SECONDS.toNanos(seconds);
  }

  int seconds() {
    return seconds;
  }

  /** The session to interrupt when the budget is used up. */
  void attach(EngineSession s) {
    session = s;
  }

  /** Whether the budget ran out (the engine was interrupted for it). */
  boolean expired() {
    return expired;
  }

  /** The engine starts working for this query (execution or a fetch). */
  synchronized void enter() {
    if (seconds <= 0 || stopped) {
      return;
    }
    busySince = System.nanoTime();
    if (pending == null) {
      schedule(expired ? TimeUnit.SECONDS.toNanos(1) : Math.max(0, budgetNanos - usedNanos));
    }
  }

  /** The engine stopped working for now (the call returned). */
  synchronized void exit() {
    if (busySince >= 0) {
      usedNanos += System.nanoTime() - busySince;
      busySince = -1;
    }
  }

  /** No more work for this query. */
  synchronized void stop() {
    exit();
    stopped = true;
    session = null;
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
  }

  private void schedule(long nanos) {
    pending = TIMEOUTS.schedule(this::check, nanos, TimeUnit.NANOSECONDS);
  }

  private void check() {
    EngineSession toCancel = null;
    synchronized (this) {
      pending = null;
      if (stopped || busySince < 0) {
        return;  // idle: enter() schedules the rest of the budget
      }
      long used = usedNanos + System.nanoTime() - busySince;
      if (used >= budgetNanos) {
        expired = true;
        toCancel = session;
        schedule(TimeUnit.SECONDS.toNanos(1));
      } else {
        schedule(budgetNanos - used);
      }
    }
    if (toCancel != null) {
      try {
        toCancel.cancel();
      } catch (java.sql.SQLException ignored) {
        // the query ends anyway, or has ended
      }
    }
  }
}
