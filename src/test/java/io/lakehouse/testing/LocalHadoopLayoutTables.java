package io.lakehouse.testing;

import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Files;
import org.apache.iceberg.LocationProviders;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.LocationProvider;
import org.apache.iceberg.io.OutputFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Iceberg tables in the exact on-disk layout of {@code HadoopTables} ({@code metadata/vN.metadata.json} +
 * {@code metadata/version-hint.text}), but over java.nio instead of Hadoop's FileSystem.
 *
 * <p>Why not HadoopTables itself: Hadoop's FileSystem needs UserGroupInformation, which needs commons-configuration2
 * & co; on this project's classpath the slim, dependency-less {@code hadoop-common} shadows the test-scoped
 * {@code hadoop-client-api}, so HadoopTables fails with NoClassDefFoundError. Everything else (snapshots, manifests,
 * Parquet via iceberg-parquet) is stock Iceberg through {@link BaseTable}. Single writer only: commits are
 * optimistic (the next vN file must not exist), which is all tests need.
 */
final class LocalHadoopLayoutTables {

  private LocalHadoopLayoutTables() { }

  /** Local files; locations may be plain absolute paths or {@code file:} URIs. */
  static final class LocalFileIO implements FileIO {
    @Override public InputFile newInputFile(String path) { return Files.localInput(strip(path)); }
    @Override public OutputFile newOutputFile(String path) {
      java.io.File f = new java.io.File(strip(path));
      f.getParentFile().mkdirs(); // Files.localOutput does not create folders (partition dirs)
      return Files.localOutput(f);
    }
    @Override public void deleteFile(String path) { new java.io.File(strip(path)).delete(); }

    private static String strip(String p) { return LocalKernelFileIO.toPath(p).toString(); }
  }

  static Table create(Path dir, Schema schema, PartitionSpec spec, Map<String, String> props) {
    String location = dir.toAbsolutePath().toString();
    Ops ops = new Ops(location);
    if (ops.current() != null) throw new IllegalStateException("table exists: " + location);
    ops.commit(null, TableMetadata.newTableMetadata(schema, spec, SortOrder.unsorted(), location, props));
    return new BaseTable(ops, location);
  }

  static Table load(Path dir) {
    String location = dir.toAbsolutePath().toString();
    Ops ops = new Ops(location);
    if (ops.current() == null) throw new NoSuchTableException("no table at %s", location);
    return new BaseTable(ops, location);
  }

  private static final class Ops implements TableOperations {
    private final String location;
    private final FileIO io = new LocalFileIO();
    private TableMetadata current;
    private int version;            // N of the current vN.metadata.json; 0 = no table yet

    Ops(String location) {
      this.location = location;
      refresh();
    }

    @Override public TableMetadata current() { return current; }

    @Override public TableMetadata refresh() {
      InputFile hint = io.newInputFile(metadataFileLocation("version-hint.text"));
      if (!hint.exists()) return current = null;
      int latest;
      try (var in = hint.newStream()) {
        latest = Integer.parseInt(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      // Keep the same object while nothing changed: transactions compare base metadata by identity.
      if (current == null || latest != version) {
        current = TableMetadataParser.read(io, metadataFileLocation("v" + latest + ".metadata.json"));
        version = latest;
      }
      return current;
    }

    @Override public void commit(TableMetadata base, TableMetadata metadata) {
      if (base != current) throw new CommitFailedException("stale base metadata for %s", location);
      // Like HadoopTableOperations: write v(N+1), then point version-hint.text at it, then re-read (which also
      // sets metadataFileLocation, so the next commit records it in the metadata log).
      OutputFile next = io.newOutputFile(metadataFileLocation("v" + (version + 1) + ".metadata.json"));
      TableMetadataParser.write(metadata, next);     // create(): fails if another writer got there first
      OutputFile hint = io.newOutputFile(metadataFileLocation("version-hint.text"));
      try (var out = hint.createOrOverwrite()) {
        out.write(String.valueOf(version + 1).getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      refresh();
    }

    @Override public FileIO io() { return io; }

    @Override public String metadataFileLocation(String fileName) { return location + "/metadata/" + fileName; }

    @Override public LocationProvider locationProvider() {
      return LocationProviders.locationsFor(current.location(), current.properties());
    }
  }
}
