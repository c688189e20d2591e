package io.lakehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.LocationProviders;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RewriteTablePathUtil;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.LocationProvider;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Low-level pieces for {@link IcebergLayouts}: table operations that name metadata files the way the different
 * catalogs do (gzip included), Parquet files written with an arbitrary file schema (partition source columns left
 * out) or without Parquet field ids at all (a plain parquet-mr writer, as imported / migrated tables have), and a
 * table move done with Iceberg core's own {@link RewriteTablePathUtil}.
 */
public final class IcebergLayoutFiles {

  private IcebergLayoutFiles() {}

  /** How a table's metadata files are named. */
  public enum Naming {
    /** HadoopTables / HadoopCatalog: {@code v<N>[.gz].metadata.json} plus {@code version-hint.text}. */
    HADOOP,
    /** Metastore catalogs (Hive, Glue, JDBC, REST servers): {@code <NNNNN>-<uuid>[.gz].metadata.json}, no hint. */
    CATALOG
  }

  /**
   * Local files by plain path, {@code file:/} or {@code file:///} URI. Unlike Iceberg's {@code Files.localOutput},
   * every file keeps the location string it was opened with, so a table at a {@code file:} location records
   * {@code file:} paths in its manifest lists, manifests, delete files and DVs.
   */
  public static FileIO io() {
    return new KeepLocationFileIO();
  }

  private static final class KeepLocationFileIO implements FileIO {
    @Override
    public InputFile newInputFile(String path) {
      InputFile local = org.apache.iceberg.Files.localInput(LocalKernelFileIO.toPath(path).toFile());
      return new InputFile() {
        @Override
        public long getLength() {
          return local.getLength();
        }

        @Override
        public org.apache.iceberg.io.SeekableInputStream newStream() {
          return local.newStream();
        }

        @Override
        public String location() {
          return path;
        }

        @Override
        public boolean exists() {
          return local.exists();
        }
      };
    }

    @Override
    public OutputFile newOutputFile(String path) {
      java.io.File f = LocalKernelFileIO.toPath(path).toFile();
      f.getParentFile().mkdirs();
      OutputFile local = org.apache.iceberg.Files.localOutput(f);
      return new OutputFile() {
        @Override
        public org.apache.iceberg.io.PositionOutputStream create() {
          return local.create();
        }

        @Override
        public org.apache.iceberg.io.PositionOutputStream createOrOverwrite() {
          return local.createOrOverwrite();
        }

        @Override
        public String location() {
          return path;
        }

        @Override
        public InputFile toInputFile() {
          return newInputFile(path);
        }
      };
    }

    @Override
    public void deleteFile(String path) {
      LocalKernelFileIO.toPath(path).toFile().delete();
    }
  }

  /**
   * Creates a table at {@code location} (a plain absolute path or a {@code file:} URI, recorded as given in every
   * manifest list, manifest and data file path) whose metadata files are named per {@code naming}; gzip when the
   * properties say {@code write.metadata.compression-codec=gzip}.
   */
  public static Table create(String location, Schema schema, PartitionSpec spec, Map<String, String> props,
      Naming naming) {
    Ops ops = new Ops(io(), trimSlash(location), naming);
    ops.commit(null, TableMetadata.newTableMetadata(schema, spec, SortOrder.unsorted(), trimSlash(location), props));
    return new BaseTable(ops, location);
  }

  /** The metadata file a table's last commit wrote. */
  public static String currentMetadataFile(Table table) {
    return ((BaseTable) table).operations().current().metadataFileLocation();
  }

  /** Every metadata file the table's operations wrote, in commit order. */
  public static List<String> metadataFiles(Table table) {
    return List.copyOf(((Ops) ((BaseTable) table).operations()).written);
  }

  /** Iceberg's view of one metadata file (what a catalog entry or iceberg_scan pinned to it means). */
  public static Table staticTable(String metadataFile) {
    return new BaseTable(new StaticTableOperations(metadataFile, io()), metadataFile);
  }

  /** Overwrites version-hint.text (HADOOP naming) with {@code version}: a hint left behind by a failed commit. */
  public static void writeVersionHint(Table table, int version) {
    OutputFile hint = io().newOutputFile(((BaseTable) table).operations().metadataFileLocation("version-hint.text"));
    try (var out = hint.createOrOverwrite()) {
      out.write(String.valueOf(version).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** Single-writer table operations over local files; the current metadata stays in memory. */
  static final class Ops implements TableOperations {
    private final FileIO io;
    private final String location;
    private final Naming naming;
    private final List<String> written = new ArrayList<>();
    private TableMetadata current;
    private int version = -1;

    Ops(FileIO io, String location, Naming naming) {
      this.io = io;
      this.location = location;
      this.naming = naming;
    }

    @Override
    public TableMetadata current() {
      return current;
    }

    @Override
    public TableMetadata refresh() {
      return current;
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      if (base != current) {
        throw new CommitFailedException("stale base metadata for %s", location);
      }
      int next = version + (naming == Naming.HADOOP && version < 0 ? 2 : 1); // Hadoop starts at v1, catalogs at 0
      String codec = metadata.property(TableProperties.METADATA_COMPRESSION,
          TableProperties.METADATA_COMPRESSION_DEFAULT);
      String ext = TableMetadataParser.getFileExtension(codec);
      String name = naming == Naming.HADOOP ? "v" + next + ext
          : String.format("%05d-%s%s", next, UUID.randomUUID(), ext);
      String file = metadataFileLocation(name);
      TableMetadataParser.write(metadata, io.newOutputFile(file)); // create(): fails if it exists
      if (naming == Naming.HADOOP) {
        OutputFile hint = io.newOutputFile(metadataFileLocation("version-hint.text"));
        try (var out = hint.createOrOverwrite()) {
          out.write(String.valueOf(next).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      written.add(file);
      version = next;
      current = TableMetadataParser.read(io, file);
    }

    @Override
    public FileIO io() {
      return io;
    }

    @Override
    public String metadataFileLocation(String fileName) {
      return location + "/metadata/" + fileName;
    }

    @Override
    public LocationProvider locationProvider() {
      return LocationProviders.locationsFor(current.location(), current.properties());
    }
  }

  // --------------------------------------------------------------------------------------------------------------
  // Data files

  /**
   * Writes {@code rows} (records of {@code fileSchema}) with Iceberg's generic Parquet writer, WITH field ids, as a
   * data file of {@code spec} / {@code partition} at a new location under the table's data folder. The file schema
   * may leave out columns of the table schema (partition source columns).
   */
  public static DataFile writeData(Table table, Schema fileSchema, PartitionSpec spec, StructLike partition,
      List<Record> rows) {
    OutputFile out = newDataFile(table, spec, partition, "data");
    try {
      DataWriter<Record> w = Parquet.writeData(out)
          .forTable(table)
          .schema(fileSchema)
          .withSpec(spec)
          .withPartition(spec.isUnpartitioned() ? null : partition)
          .createWriterFunc(GenericParquetWriter::create)
          .overwrite()
          .build();
      try (w) {
        rows.forEach(w::write);
      }
      return w.toDataFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes a Parquet file WITHOUT field ids with parquet-mr's example writer (what Hive, plain Spark or pandas
   * write), from a Parquet schema in its text form and rows filled by {@code fill}; returns the data file as
   * {@code add_files} / migrate registers it: metrics computed through the table's name mapping (or none).
   */
  public static DataFile writeDataWithoutIds(Table table, String parquetSchema, PartitionSpec spec,
      StructLike partition, long rowCount, Consumer<GroupSink> fill, NameMapping mapping) {
    MessageType type = MessageTypeParser.parseMessageType(parquetSchema);
    OutputFile out = newDataFile(table, spec, partition, "imported");
    java.nio.file.Path path = LocalKernelFileIO.toPath(out.location());
    try {
      java.nio.file.Files.createDirectories(path.getParent());
      try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(path))
          .withType(type)
          .withConf(new org.apache.hadoop.conf.Configuration(false))
          .build()) {
        List<Group> groups = new ArrayList<>();
        fill.accept(new GroupSink(type, groups));
        if (groups.size() != rowCount) {
          throw new IllegalStateException("wrote " + groups.size() + " rows, expected " + rowCount);
        }
        for (Group g : groups) {
          w.write(g);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    InputFile in = table.io().newInputFile(out.location());
    DataFiles.Builder b = DataFiles.builder(spec)
        .withPath(out.location())
        .withFormat(FileFormat.PARQUET)
        .withFileSizeInBytes(in.getLength())
        .withMetrics(ParquetUtil.fileMetrics(in, MetricsConfig.forTable(table), mapping));
    if (!spec.isUnpartitioned()) {
      b.withPartition(partition);
    }
    return b.build();
  }

  /** Collects parquet-mr example {@link Group} rows. */
  public static final class GroupSink {
    private final MessageType type;
    private final List<Group> rows;

    GroupSink(MessageType type, List<Group> rows) {
      this.type = type;
      this.rows = rows;
    }

    /** A new row (already collected); fill it with {@code append(...)} / {@code addGroup(...)}. */
    public Group row() {
      Group g = new org.apache.parquet.example.data.simple.SimpleGroupFactory(type).newGroup();
      rows.add(g);
      return g;
    }
  }

  /** A new file name under the table's data folder (in the partition's folder for partitioned specs). */
  public static OutputFile newDataFile(Table table, PartitionSpec spec, StructLike partition, String kind) {
    String name = String.format("%s-%s.parquet", kind, UUID.randomUUID());
    String location = spec.isUnpartitioned() || partition == null
        ? table.locationProvider().newDataLocation(name)
        : table.locationProvider().newDataLocation(spec, partition, name);
    return table.io().newOutputFile(location);
  }

  // --------------------------------------------------------------------------------------------------------------
  // Moving a table

  /**
   * Moves a table from {@code source} to {@code target} (plain absolute paths) the way Iceberg's
   * {@code rewrite_table_path} action does, with Iceberg core's {@link RewriteTablePathUtil}: position-delete files
   * (Parquet ones hold data file paths) and deletion-vector Puffin files (their blobs name the referenced data file)
   * are rewritten first, then every manifest (with the rewritten delete files' new sizes), every manifest list (with
   * the rewritten manifests' new lengths) and every metadata file; data and equality delete files are copied as they
   * are. The source folder is then deleted. Metadata files must be named {@code v<N>.metadata.json}.
   */
  public static void moveTable(String source, String target) throws IOException {
    FileIO io = io();
    java.nio.file.Path src = java.nio.file.Path.of(source);
    java.nio.file.Path dst = java.nio.file.Path.of(target);
    java.nio.file.Files.createDirectories(dst.resolve("metadata"));
    List<java.nio.file.Path> metadataFiles = new ArrayList<>();
    try (var s = java.nio.file.Files.list(src.resolve("metadata"))) {
      s.filter(p -> p.getFileName().toString().matches("v\\d+\\.metadata\\.json")).forEach(metadataFiles::add);
    }
    TableMetadata latest = null;
    int latestVersion = -1;
    for (java.nio.file.Path m : metadataFiles) {
      int v = Integer.parseInt(m.getFileName().toString().replaceAll("\\D", ""));
      if (v > latestVersion) {
        latestVersion = v;
        latest = TableMetadataParser.read(io, m.toString());
      }
    }
    if (latest == null) {
      throw new IllegalStateException("no metadata files under " + src);
    }
    Map<Integer, PartitionSpec> specs = latest.specsById();
    java.util.Set<Long> snapshotIds = new java.util.HashSet<>();
    latest.snapshots().forEach(s -> snapshotIds.add(s.snapshotId()));
    Map<String, ManifestFile> manifests = new LinkedHashMap<>();
    for (Snapshot s : latest.snapshots()) {
      for (ManifestFile mf : s.allManifests(io)) {
        manifests.putIfAbsent(mf.path(), mf);
      }
    }

    // 1. Position deletes and DVs: their content names data files.
    Map<String, Long> deleteSizes = new HashMap<>();
    for (ManifestFile mf : manifests.values()) {
      if (mf.content() != ManifestContent.DELETES) {
        continue;
      }
      try (var reader = org.apache.iceberg.ManifestFiles.readDeleteManifest(mf, io, specs)) {
        for (DeleteFile d : reader) {
          if (d.content() == org.apache.iceberg.FileContent.POSITION_DELETES
              && !deleteSizes.containsKey(d.location())) {
            deleteSizes.put(d.location(), RewriteTablePathUtil.rewritePositionDelete(d,
                io.newOutputFile(RewriteTablePathUtil.newPath(d.location(), source, target)), io,
                specs.get(d.specId()), source, target, PARQUET_POSITION_DELETES));
          }
        }
      }
    }
    // 2. Manifests, 3. manifest lists, 4. metadata files.
    Map<String, Long> manifestLengths = new HashMap<>();
    for (ManifestFile mf : manifests.values()) {
      String newPath = RewriteTablePathUtil.newPath(mf.path(), source, target);
      OutputFile out = io.newOutputFile(newPath);
      if (mf.content() == ManifestContent.DATA) {
        RewriteTablePathUtil.rewriteDataManifest(mf, snapshotIds, out, io, latest.formatVersion(), specs, source,
            target);
      } else {
        RewriteTablePathUtil.rewriteDeleteManifest(mf, snapshotIds, out, io, latest.formatVersion(), specs, source,
            target, target + "/staging", deleteSizes);
      }
      manifestLengths.put(mf.path(), io.newInputFile(newPath).getLength());
    }
    for (Snapshot s : latest.snapshots()) {
      RewriteTablePathUtil.rewriteManifestList(s, io, latest, manifestLengths, source, target, target + "/staging",
          RewriteTablePathUtil.newPath(s.manifestListLocation(), source, target));
    }
    for (java.nio.file.Path m : metadataFiles) {
      TableMetadata moved = RewriteTablePathUtil.replacePaths(TableMetadataParser.read(io, m.toString()), source,
          target);
      TableMetadataParser.overwrite(moved, io.newOutputFile(dst.resolve("metadata").resolve(m.getFileName())
          .toString()));
    }
    java.nio.file.Files.writeString(dst.resolve("metadata/version-hint.text"), String.valueOf(latestVersion));
    // 5. Data files, equality deletes, anything else not yet at the target: copied as they are.
    try (var walk = java.nio.file.Files.walk(src)) {
      for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) walk::iterator) {
        java.nio.file.Path to = dst.resolve(src.relativize(p).toString());
        if (java.nio.file.Files.isRegularFile(p) && !java.nio.file.Files.exists(to)
            && !src.relativize(p).startsWith("metadata")) {
          java.nio.file.Files.createDirectories(to.getParent());
          java.nio.file.Files.copy(p, to);
        }
      }
    }
    TestFiles.deleteRecursively(src);
  }

  /** Reads and writes Parquet position-delete files for {@link RewriteTablePathUtil} (Spark's action has its own). */
  private static final RewriteTablePathUtil.PositionDeleteReaderWriter PARQUET_POSITION_DELETES =
      new RewriteTablePathUtil.PositionDeleteReaderWriter() {
        @Override
        public org.apache.iceberg.io.CloseableIterable<Record> reader(InputFile in, FileFormat format,
            PartitionSpec spec) {
          // path, pos and the optional row (Iceberg checks that it is absent)
          Schema pathPos = org.apache.iceberg.io.DeleteSchemaUtil.posDeleteReadSchema(spec.schema());
          return Parquet.read(in).project(pathPos)
              .createReaderFunc(fs -> org.apache.iceberg.data.parquet.GenericParquetReaders.buildReader(pathPos, fs))
              .build();
        }

        @Override
        public org.apache.iceberg.deletes.PositionDeleteWriter<Record> writer(OutputFile out, FileFormat format,
            PartitionSpec spec, StructLike partition) throws IOException {
          return Parquet.writeDeletes(out)
              .withSpec(spec)
              .withPartition(spec.isUnpartitioned() ? null : partition)
              .metricsConfig(MetricsConfig.forPositionDelete())
              .overwrite()
              .buildPositionWriter();
        }
      };
}
