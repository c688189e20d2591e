package io.lakehouse.security;

import io.lakehouse.Redaction;
import io.lakehouse.config.AuditSettings;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of one sink, shared JVM-wide by every connection that audits to it (one file, one writer thread).
 * Query threads {@link #offer} records into a bounded queue and never wait; when it is full the record is dropped
 * and counted, and the count is written in the next record ({@code dropped_before}) and logged as a warning.
 * Sink failures never reach queries: the records are counted as lost the same way, the first failure is logged.
 * Connections hold the writer while open; the last one to close drains the queue (bounded wait) and closes the sink.
 */
final class AuditWriter {
  private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
  private static final Map<String, AuditWriter> SHARED = new HashMap<>();
  private static final int BATCH = 512;
  private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  /** How long closing the last connection, or the JVM's exit, waits for queued records to be written. */
  static final long DRAIN_MILLIS = 5_000;
  private static boolean hookInstalled;
  /** Wakes the writer thread when it waits on an empty queue and should stop; never written. */
  private static final AuditRecord STOP = new AuditRecord(Instant.EPOCH, null, null, null, 0, null, false,
      AuditOutcome.OK, null, null, List.of(), false, 0, 0, -1, false);

  private final String key;
  private final AuditSink sink;
  private final ArrayBlockingQueue<AuditRecord> queue;
  private final Thread thread;
  /** Records dropped because the queue was full, ever. */
  private final AtomicLong dropped = new AtomicLong();
  /** Records lost to sink failures, ever. */
  private final AtomicLong failed = new AtomicLong();
  /** Records lost (either way) since the last line written: what the next line reports. */
  private final AtomicLong lostPending = new AtomicLong();
  /** Accepted records, in queue order (assigned under this object's lock with the offer). */
  private long accepted;
  /** Records taken off the queue and handled (written or counted as failed); guarded by this. */
  private long handled;
  private boolean stopping;
  private boolean closed;
  private int users;
  private boolean failureReported;
  private long lastWarnNanos = System.nanoTime() - WARN_INTERVAL_NANOS;

  AuditWriter(String key, AuditSink sink, int capacity) {
    this.key = key;
    this.sink = sink;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::run, "lakehouse-jdbc-audit-writer");
    thread.setDaemon(true);
  }

  /** The shared writer for the settings' sink (created, its sink opened, on first use), or null for no audit. */
  static AuditWriter acquire(AuditSettings settings) throws IOException {
    if (settings.sink() == AuditSettings.Sink.NONE) {
      return null;
    }
    String key = settings.sink() == AuditSettings.Sink.FILE ? "file:" + settings.path().toAbsolutePath().normalize()
        : "slf4j:" + settings.logger();
    synchronized (SHARED) {
      AuditWriter w = SHARED.get(key);
      if (w == null) {
        AuditSink sink = settings.sink() == AuditSettings.Sink.FILE
            ? new FileAuditSink(settings.path(), settings.maxBytes(), settings.maxFiles())
            : new Slf4jAuditSink(settings.logger());
        w = new AuditWriter(key, sink, settings.queue());
        sink.open();
        w.start();
        SHARED.put(key, w);
        installShutdownHook();
      }
      w.users++;
      return w;
    }
  }

  /** Gives the writer back; the last user drains it (bounded wait) and closes its sink. */
  void release() {
    synchronized (SHARED) {
      if (--users > 0) {
        return;
      }
      SHARED.remove(key);
      // Under the lock: a new connection to the same sink waits for this writer to finish with the file.
      stopAndJoin(DRAIN_MILLIS);
    }
  }

  AuditWriter start() {
    thread.start();
    return this;
  }

  private static void installShutdownHook() {
    if (hookInstalled) {
      return;
    }
    hookInstalled = true;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      List<AuditWriter> all;
      synchronized (SHARED) {
        all = new ArrayList<>(SHARED.values());
      }
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
      for (AuditWriter w : all) {
        w.stopAndJoin(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
    }, "lakehouse-jdbc-audit-drain"));
  }

  void stopAndJoin(long millis) {
    synchronized (this) {
      stopping = true;
      notifyAll();
    }
    queue.offer(STOP);  // if the queue is full instead, the writer is busy and sees stopping after the batch
    try {
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean enabled() {
    return sink.enabled();
  }

  /**
   * Queues a record without ever blocking.
   *
   * @return the record's sequence number for {@link #awaitHandled}, or -1 when it was dropped
   */
  long offer(AuditRecord record) {
    synchronized (this) {
      if (!closed && queue.offer(record)) {
        return ++accepted;
      }
    }
    dropped.incrementAndGet();
    lostPending.incrementAndGet();
    return -1;
  }

  /** Waits until the record with this sequence number has been handled, or the time is up. */
  synchronized boolean awaitHandled(long sequence, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (handled < sequence && !closed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return handled >= sequence;
  }

  long dropped() {
    return dropped.get();
  }

  long failed() {
    return failed.get();
  }

  private void run() {
    List<AuditRecord> batch = new ArrayList<>(BATCH);
    List<String> lines = new ArrayList<>(BATCH);
    try {
      while (true) {
        AuditRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.clear();
          batch.add(first);
          queue.drainTo(batch, BATCH - 1);
          batch.removeIf(r -> r == STOP);
          if (!batch.isEmpty()) {
            writeBatch(batch, lines);
          }
        }
        synchronized (this) {
          if (stopping && queue.isEmpty()) {
            closed = true;
            notifyAll();
            break;
          }
        }
      }
      long lost = lostPending.getAndSet(0);
      if (lost > 0) {
        try {
          sink.write(List.of(AuditRecord.lostLine(Instant.now(), lost)));
          warnLost(lost);
        } catch (IOException | RuntimeException e) {
          reportFailure(e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      synchronized (this) {
        closed = true;
        notifyAll();
      }
      sink.close();
    }
  }

  private void writeBatch(List<AuditRecord> batch, List<String> lines) {
    lines.clear();
    long lost = lostPending.getAndSet(0);
    try {
      for (int i = 0; i < batch.size(); i++) {
        lines.add(batch.get(i).toJson(i == 0 ? lost : 0));
      }
      sink.write(lines);
      if (lost > 0) {
        warnLost(lost);
      }
    } catch (IOException | RuntimeException e) {
      failed.addAndGet(batch.size());
      lostPending.addAndGet(lost + batch.size());
      reportFailure(e);
    }
    synchronized (this) {
      handled += batch.size();
      notifyAll();
    }
  }

  private void warnLost(long lost) {
    long now = System.nanoTime();
    if (now - lastWarnNanos >= WARN_INTERVAL_NANOS) {
      lastWarnNanos = now;
      LOG.warn("Audit {}: {} record(s) lost since the previous line (queue full: {} in total, sink failures: {}); "
          + "the count is in the next line's dropped_before", sink.describe(), lost, dropped.get(), failed.get());
    }
  }

  private void reportFailure(Exception e) {
    if (!failureReported) {
      failureReported = true;
      LOG.warn("Audit {}: writing failed ({}); records are counted as lost, queries go on. Reported once.",
          sink.describe(), io.lakehouse.Redaction.redact(String.valueOf(e.getMessage())));
    }
  }
}
