package io.lakehouse.testing.s3;

import org.apache.iceberg.BaseTable;
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
import java.util.Map;

/**
 * Iceberg tables in the {@code HadoopTables} layout ({@code metadata/vN.metadata.json} + {@code
 * metadata/version-hint.text}) over ANY {@link FileIO} and location string, e.g. {@link S3TestFileIO} and {@code
 * s3://bucket/warehouse/t}: manifests, manifest lists and data files then record {@code s3://...} locations.
 *
 * <p>The same commit protocol as {@code io.lakehouse.testing.LocalHadoopLayoutTables} (which is hard-wired to local
 * files and package-private): write v(N+1) with {@link OutputFile#create()}, then overwrite version-hint.text.
 * Single writer only.
 */
public final class HadoopLayoutTables {

  private HadoopLayoutTables() { }

  /** Creates a table (format version from {@code props}, e.g. {@code format-version=2}). */
  public static Table create(FileIO io, String location, Schema schema, PartitionSpec spec, Map<String, String> props) {
    String loc = trimSlash(location);
    Ops ops = new Ops(io, loc);
    if (ops.current() != null) throw new IllegalStateException("table exists: " + loc);
    ops.commit(null, TableMetadata.newTableMetadata(schema, spec, SortOrder.unsorted(), loc, props));
    return new BaseTable(ops, loc);
  }

  public static Table load(FileIO io, String location) {
    String loc = trimSlash(location);
    Ops ops = new Ops(io, loc);
    if (ops.current() == null) throw new NoSuchTableException("no table at %s", loc);
    return new BaseTable(ops, loc);
  }

  /** The current metadata file's location, e.g. {@code s3://b/t/metadata/v3.metadata.json}. */
  public static String currentMetadataLocation(Table table) {
    return ((BaseTable) table).operations().current().metadataFileLocation();
  }

  private static String trimSlash(String s) { return s.endsWith("/") ? s.substring(0, s.length() - 1) : s; }

  private static final class Ops implements TableOperations {
    private final FileIO io;
    private final String location;
    private TableMetadata current;
    private int version;

    Ops(FileIO io, String location) {
      this.io = io;
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
      if (current == null || latest != version) { // same object while unchanged: transactions compare by identity
        current = TableMetadataParser.read(io, metadataFileLocation("v" + latest + ".metadata.json"));
        version = latest;
      }
      return current;
    }

    @Override public void commit(TableMetadata base, TableMetadata metadata) {
      if (base != current) throw new CommitFailedException("stale base metadata for %s", location);
      OutputFile next = io.newOutputFile(metadataFileLocation("v" + (version + 1) + ".metadata.json"));
      TableMetadataParser.write(metadata, next); // create(): fails if the version exists
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
