package io.lakehouse.table.iceberg;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.storage.ObjectStore;
import io.lakehouse.storage.StorageErrors;
import io.lakehouse.table.LakehouseTable;
import io.lakehouse.table.TableSnapshot;
import io.lakehouse.table.TimeTravel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
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
 * An Iceberg table read from its metadata files, without a catalog service. A location that names a
 * {@code *.metadata.json} file is pinned to it; a table root is resolved to its newest metadata file on every
 * request, so new commits are seen on the next query.
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
  private final ObjectStore store;
  private final StoreFileIO io;
  private final Map<List<Object>, TableSnapshot> snapshots = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<List<Object>, TableSnapshot> eldest) {
      return size() > 16;
    }
  };
  private String loadedFile;
  private Table loaded;

  IcebergTable(String displayName, String location, ObjectStore store) {
    this.displayName = displayName;
    this.location = location;
    this.store = store;
    this.io = new StoreFileIO(store);
  }

  @Override
  public TableSnapshot snapshot(TimeTravel at) throws SQLException {
    Table table = load();
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
      snapshots.put(key, s);
    }
    return s;
  }

  private TableSnapshot resolve(Table table, TimeTravel at) throws SQLException {
    TableScan scan = table.newScan();
    try {
      if (at instanceof TimeTravel.Latest) {
        // The current snapshot read with the table's current schema (a column renamed since the last commit has
        // its new name), as Iceberg and Spark read it; time travel uses the snapshot's own schema.
        return new IcebergSnapshot(displayName, table, scan, table.currentSnapshot());
      } else if (at instanceof TimeTravel.AtVersion v) {
        Snapshot s = table.snapshot(v.version());
        if (s == null && table.refs().containsKey(Long.toString(v.version()))) {
          // A branch or tag whose name is all digits ('2024'): no snapshot has that id, the ref has that name.
          return resolve(table, new TimeTravel.AtRef(Long.toString(v.version())));
        }
        if (s == null) {
          throw invalid("Table '" + displayName + "' has no snapshot with id " + v.version());
        }
        return new IcebergSnapshot(displayName, table, scan.useSnapshot(s.snapshotId()), s);
      } else if (at instanceof TimeTravel.AtTimestamp ts) {
        Long id = SnapshotUtil.nullableSnapshotIdAsOfTime(table, ts.instant().toEpochMilli());
        if (id == null) {
          throw invalid("Table '" + displayName + "' has no snapshot at or before " + ts.instant()
              + (table.history().isEmpty() ? "" : "; its first snapshot is from "
                  + java.time.Instant.ofEpochMilli(table.history().get(0).timestampMillis())));
        }
        return new IcebergSnapshot(displayName, table, scan.useSnapshot(id), table.snapshot(id));
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
        return new IcebergSnapshot(displayName, table, scan.useRef(name), table.snapshot(ref.snapshotId()));
      }
    } catch (NotFoundException e) {
      throw new LakehouseSqlException("Cannot read table '" + displayName + "': a metadata file is missing: "
          + e.getMessage(), SqlState.STORAGE_FAILURE, e);
    }
  }

  private Table load() throws SQLException {
    String metadataFile = IcebergFormat.isMetadataFile(location.substring(location.lastIndexOf('/') + 1)) ? location
        : newestMetadataFile();
    synchronized (this) {
      // A metadata file never changes once written: parse it once.
      if (metadataFile.equals(loadedFile)) {
        return loaded;
      }
    }
    try {
      Table table = new BaseTable(new StaticTableOperations(metadataFile, io), displayName);
      synchronized (this) {
        loadedFile = metadataFile;
        loaded = table;
      }
      return table;
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

  /** The table's newest metadata file: version-hint.text when present, else the highest numbered file. */
  private String newestMetadataFile() throws SQLException {
    String dir = location.endsWith("/") ? location + "metadata" : location + "/metadata";
    try {
      String hint = dir + "/version-hint.text";
      if (store.exists(hint)) {
        String text = new String(store.readAll(hint), StandardCharsets.UTF_8).trim();
        String hinted = text.matches("\\d{1,9}") ? versionFile(dir, Integer.parseInt(text)) : null;
        if (hinted != null) {
          // As Iceberg's Hadoop tables do: the hint may lag behind a commit, so look for later versions.
          int version = Integer.parseInt(text);
          for (String next = versionFile(dir, version + 1); next != null; next = versionFile(dir, ++version + 1)) {
            hinted = next;
          }
          return hinted;
        }
      }
      List<ObjectStore.FileInfo> files = store.list(dir);
      String best = null;
      long bestVersion = -1;
      for (ObjectStore.FileInfo f : files) {
        String name = f.location().substring(f.location().lastIndexOf('/') + 1);
        Matcher m = METADATA_FILE.matcher(name);
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
      return best;
    } catch (IOException e) {
      throw StorageErrors.find(e, displayName);
    }
  }

  /** Version n's metadata file of a Hadoop-layout table, or null when there is none. */
  private String versionFile(String dir, int version) throws IOException {
    for (String pattern : VERSION_FILE_NAMES) {
      String candidate = dir + "/" + String.format(pattern, version);
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
