package io.lakehouse.cli;

import io.lakehouse.jdbc.StatementProgress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A status line on the terminal while a statement runs longer than a second: elapsed time and the files and bytes
 * the driver planned for it ({@link StatementProgress}), redrawn in place and erased when the statement ends.
 */
final class ProgressLine implements AutoCloseable {
  static final long DELAY_MILLIS = 1000;
  private static final long EVERY_MILLIS = 250;

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lakehouse-shell-progress");
    t.setDaemon(true);
    return t;
  });
  private final PrintStream err;

  ProgressLine(PrintStream err) {
    this.err = err;
  }

  /** Starts showing progress for one statement; closing the handle erases the line. */
  Handle start(StatementProgress progress) {
    long started = System.nanoTime();
    Handle handle = new Handle();
    handle.task = timer.scheduleAtFixedRate(() -> handle.draw(text(started, progress)), DELAY_MILLIS,
        EVERY_MILLIS, TimeUnit.MILLISECONDS);
    return handle;
  }

  static String text(long startedNanos, StatementProgress progress) {
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "running %.1f s", seconds));
    if (progress != null && progress.plannedTables() > 0) {
      int files = progress.plannedFiles();
      b.append(" · ").append(progress.plannedTables()).append(progress.plannedTables() == 1 ? " table, " : " tables, ")
          .append(files).append(files == 1 ? " file, " : " files, ").append(bytes(progress.plannedBytes()))
          .append(" planned");
    }
    return b.append(" · Ctrl-C cancels").toString();
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** One statement's line. */
  final class Handle implements AutoCloseable {
    private ScheduledFuture<?> task;
    private boolean shown;
    private boolean closed;

    private synchronized void draw(String text) {
      if (closed) {
        return;
      }
      err.print("\r\033[K" + text);
      err.flush();
      shown = true;
    }

    @Override
    public void close() {
      task.cancel(false);
      synchronized (this) {
        closed = true;
        if (shown) {
          err.print("\r\033[K");
          err.flush();
          shown = false;
        }
      }
    }
  }
}
