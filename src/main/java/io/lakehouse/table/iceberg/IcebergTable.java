package io.lakehouse.table.iceberg;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.storage.ObjectStore;
import io.lakehouse.storage.StorageErrors;
import io.lakehouse.table.LakehouseTable;
import io.lakehouse.table.PlanCache;
import io.lakehouse.table.TableSnapshot;
import io.lakehouse.table.TimeTravel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * An Iceberg table read from its metadata files, without a catalog service, shared by the connections of a catalog
 * scope. A location that names a {@code *.metadata.json} file is pinned to it; a table root is resolved to its
 * newest metadata file when a query asks for the latest snapshot (the freshness check: with a
 * {@code version-hint.text}, one read of the hint and one probe for the next version's file; without one, a listing
 * of {@code metadata/}). A metadata file never changes, so while it is the newest its parsed form, snapshots and
 * plans are reused. A snapshot id that the loaded metadata knows is immutable and needs no check.
 */
final class IcebergTable implements LakehouseTable {
  /**
   * {@code v12.metadata.json}, {@code 00012-<uuid>.metadata.json}, gzip-compressed as {@code *.gz.metadata.json}
   * or (older writers) {@code *.metadata.json.gz}.
   */
  private static final Pattern METADATA_FILE =
      Pattern.compile("^v?(\\d+)(-[^/]*)?((\\.gz)?\\.metadata\\.json|\\.metadata\\.json\\.gz)$");
  /** The names a Hadoop-layout table gives version n's metadata file, in the order Iceberg tries them. */
  private static final List<String> VERSION_FILE_NAMES = List.of("v%d.metadata.json", "v%d.gz.metadata.json",
      "v%d.metadata.json.gz");

  private final String displayName;
  private final String location;
  private final String metadataDir;
  private final ObjectStore store;
  private final StoreFileIO io;
  private final PlanCache plans = new PlanCache();
  private final Map<List<Object>, TableSnapshot> snapshots = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<List<Object>, TableSnapshot> eldest) {
      return size() > 16;
    }
  };
  /** The newest metadata as of the last freshness check, or null before the first. */
  private volatile Current current;

  /**
   * The parsed newest metadata file; how it was found (the hint's text, the hinted version and the file's name
   * pattern, for the next check; a null hint when the next check must resolve from scratch); when it was checked.
   */
  private record Current(String file, Table table, String hint, int hintedVersion, String namePattern,
      long checkedNanos) {
    Current checkedAt(long nanos) {
      return new Current(file, table, hint, hintedVersion, namePattern, nanos);
    }
  }

  IcebergTable(String displayName, String location, ObjectStore store) {
    this.displayName = displayName;
    this.location = location;
    this.metadataDir = location.endsWith("/") ? location + "metadata" : location + "/metadata";
    this.store = store;
    this.io = new StoreFileIO(store);
  }

  @Override
  public TableSnapshot snapshot(TimeTravel at, Duration maxStaleness) throws SQLException {
    Current known = current;
    Table table;
    if (at instanceof TimeTravel.AtVersion v && known != null && known.table().snapshot(v.version()) != null) {
      // A snapshot id is immutable: the metadata already loaded describes it.
      table = known.table();
    } else {
      table = load(maxStaleness);
    }
    // Snapshots (and their cached plans) are reused while the metadata file is the same.
    List<Object> key = List.of(table, at);
    synchronized (snapshots) {
      TableSnapshot cached = snapshots.get(key);
      if (cached != null) {
        return cached;
      }
    }
    TableSnapshot s = resolve(table, at);
    synchronized (snapshots) {
      TableSnapshot raced = snapshots.putIfAbsent(key, s);
      return raced != null ? raced : s;
    }
  }

  private TableSnapshot resolve(Table table, TimeTravel at) throws SQLException {
    TableScan scan = table.newScan();
    try {
      if (at instanceof TimeTravel.Latest) {
        // The current snapshot read with the table's current schema (a column renamed since the last commit has
        // its new name), as Iceberg and Spark read it; time travel uses the snapshot's own schema.
        return new IcebergSnapshot(displayName, table, scan, table.currentSnapshot(), plans);
      } else if (at instanceof TimeTravel.AtVersion v) {
        Snapshot s = table.snapshot(v.version());
        if (s == null && table.refs().containsKey(Long.toString(v.version()))) {
          // A branch or tag whose name is all digits ('2024'): no snapshot has that id, the ref has that name.
          return resolve(table, new TimeTravel.AtRef(Long.toString(v.version())));
        }
        if (s == null) {
          throw invalid("Table '" + displayName + "' has no snapshot with id " + v.version());
        }
        return new IcebergSnapshot(displayName, table, scan.useSnapshot(s.snapshotId()), s, plans);
      } else if (at instanceof TimeTravel.AtTimestamp ts) {
        Long id = SnapshotUtil.nullableSnapshotIdAsOfTime(table, ts.instant().toEpochMilli());
        if (id == null) {
          throw invalid("Table '" + displayName + "' has no snapshot at or before " + ts.instant()
              + (table.history().isEmpty() ? "" : "; its first snapshot is from "
                  + java.time.Instant.ofEpochMilli(table.history().get(0).timestampMillis())));
        }
        return new IcebergSnapshot(displayName, table, scan.useSnapshot(id), table.snapshot(id), plans);
      } else {
        String name = ((TimeTravel.AtRef) at).name();
        SnapshotRef ref = table.refs().get(name);
        if (ref == null) {
          if (name.matches("\\d+")) {
            return resolve(table, new TimeTravel.AtVersion(Long.parseLong(name)));
          }
          throw invalid("Table '" + displayName + "' has no branch or tag named '" + name + "'; it has "
              + table.refs().keySet().stream().sorted().toList());
        }
        return new IcebergSnapshot(displayName, table, scan.useRef(name), table.snapshot(ref.snapshotId()), plans);
      }
    } catch (NotFoundException e) {
      throw new LakehouseSqlException("Cannot read table '" + displayName + "': a metadata file is missing: "
          + e.getMessage(), SqlState.STORAGE_FAILURE, e);
    }
  }

  /** The newest metadata (or the pinned file), parsed once per file. */
  private Table load(Duration maxStaleness) throws SQLException {
    boolean pinned = IcebergFormat.isMetadataFile(location.substring(location.lastIndexOf('/') + 1));
    Current known = current;
    long now = System.nanoTime();
    if (known != null && (pinned || now - known.checkedNanos() < maxStaleness.toNanos())) {
      return known.table();
    }
    try {
      if (pinned) {
        return remember(location, null, -1, now, known).table();
      }
      if (known != null && known.hint() != null) {
        String hint = readHint();
        if (known.hint().equals(hint) && !store.exists(metadataDir + "/"
            + String.format(known.namePattern(), known.hintedVersion() + 1))) {
          // The hint is unchanged and no writer has added the next version after it: still the newest.
          Current checked = known.checkedAt(now);
          current = checked;
          return checked.table();
        }
      }
      return newest(now, known).table();
    } catch (IOException e) {
      throw StorageErrors.find(e, displayName);
    }
  }

  /** Finds the table's newest metadata file (version-hint.text when present, else a listing) and parses it. */
  private Current newest(long now, Current known) throws IOException, SQLException {
    String hint = readHint();
    String hinted = hint != null && hint.matches("\\d{1,9}") ? versionFile(Integer.parseInt(hint)) : null;
    if (hinted != null) {
      // As Iceberg's Hadoop tables do: the hint may lag behind a commit, so look for later versions.
      int version = Integer.parseInt(hint);
      for (String next = versionFile(version + 1); next != null; next = versionFile(version + 1)) {
        hinted = next;
        version++;
      }
      return remember(hinted, hint, version, now, known);
    }
    String best = null;
    long bestVersion = -1;
    for (ObjectStore.FileInfo f : store.list(metadataDir)) {
      String fileName = f.location().substring(f.location().lastIndexOf('/') + 1);
      Matcher m = METADATA_FILE.matcher(fileName);
      if (m.matches()) {
        long v = Long.parseLong(m.group(1));
        if (v > bestVersion) {
          bestVersion = v;
          best = f.location();
        }
      }
    }
    if (best == null) {
      throw new LakehouseSqlException("Table '" + displayName + "' has no metadata/*.metadata.json",
          SqlState.STORAGE_FAILURE);
    }
    return remember(best, null, -1, now, known);
  }

  /** The version hint's text, or null when the table has none. */
  private String readHint() throws IOException {
    try {
      return new String(store.readAll(metadataDir + "/version-hint.text"), StandardCharsets.UTF_8).trim();
    } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
      return null;
    }
  }

  /**
   * Parses a metadata file, unless it is the one already parsed, and records it as the newest.
   *
   * @param hint the version hint's text when the file was found through it (the next check then reads the hint
   *     and probes the next version only), else null
   * @param version the file's version when found through the hint
   */
  private Current remember(String metadataFile, String hint, int version, long now, Current known)
      throws SQLException {
    Table table = known != null && known.file().equals(metadataFile) ? known.table() : parse(metadataFile);
    String fileName = metadataFile.substring(metadataFile.lastIndexOf('/') + 1);
    String pattern = hint == null ? null : VERSION_FILE_NAMES.stream()
        .filter(p -> String.format(p, version).equals(fileName)).findFirst().orElse(null);
    // A newest file found past the hint (the hint lags): the next check resolves from scratch.
    boolean hintNamesIt = hint != null && Integer.toString(version).equals(hint);
    Current c = new Current(metadataFile, table, pattern != null && hintNamesIt ? hint : null, version, pattern,
        now);
    current = c;
    return c;
  }

  private Table parse(String metadataFile) throws SQLException {
    try {
      return new BaseTable(new StaticTableOperations(metadataFile, io), displayName);
    } catch (NotFoundException e) {
      throw new LakehouseSqlException("Table '" + displayName + "': metadata file " + metadataFile
          + " does not exist", SqlState.STORAGE_FAILURE, e);
    } catch (RuntimeException e) {
      SQLException storage = StorageErrors.find(e, displayName);
      if (storage != null) {
        throw storage;
      }
      throw new LakehouseSqlException("Table '" + displayName + "': cannot read Iceberg metadata " + metadataFile
          + ": " + e.getMessage(), SqlState.STORAGE_FAILURE, e);
    }
  }

  /** Version n's metadata file of a Hadoop-layout table, or null when there is none. */
  private String versionFile(int version) throws IOException {
    for (String pattern : VERSION_FILE_NAMES) {
      String candidate = metadataDir + "/" + String.format(pattern, version);
      if (store.exists(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static SQLException invalid(String message) {
    return new LakehouseSqlException(message, SqlState.INVALID_ARGUMENT);
  }
}
