package io.lakehouse.table;

import java.time.Instant;

/** Which snapshot of a table a reference reads. */
public sealed interface TimeTravel {
  Latest LATEST = new Latest();

  /** The current snapshot (Iceberg: of the main branch). */
  record Latest() implements TimeTravel {
    @Override
    public String toString() {
      return "latest";
    }
  }

  /** A Delta version or an Iceberg snapshot id. */
  record AtVersion(long version) implements TimeTravel {
    @Override
    public String toString() {
      return "version " + version;
    }
  }

  /** The latest commit (Delta) or main-branch snapshot (Iceberg) at or before the instant. */
  record AtTimestamp(Instant instant) implements TimeTravel {
    @Override
    public String toString() {
      return "timestamp " + instant;
    }
  }

  /** An Iceberg branch or tag. */
  record AtRef(String name) implements TimeTravel {
    @Override
    public String toString() {
      return "ref '" + name + "'";
    }
  }
}
