package io.lakehouse.testing;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import io.lakehouse.testing.IcebergLayoutFiles.Naming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.BaseDeleteLoader;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.deletes.BaseDVFileWriter;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.expressions.Literal;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DeleteWriteResult;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.parquet.example.data.Group;

/**
 * Iceberg tables in unusual but valid layouts that other writers produce, written with Iceberg's own Java API
 * (1.12 core, iceberg-data, iceberg-parquet) plus a plain parquet-mr writer for files without field ids. Each table
 * has a few data files and a few snapshots; {@link #writeAll} writes all of them under one folder with a
 * catalog.yaml naming them, a scan root, and a directory catalog with tables several folders deep.
 *
 * <p>What each layout is, and why a reader meets it, is in the javadoc of its writer method. Expected answers are
 * NOT here: conformance tests read the tables with Iceberg's own reader.
 *
 * <p>What Iceberg 1.12 core does not write, so is not here: relative paths (format v1-v3 require absolute ones; the
 * v4 spec adds relative paths, but 1.12 writes v4 tables with absolute paths only, and refuses a location without a
 * scheme) -- a moved table is therefore one rewritten by RewriteTablePathUtil, or one copied and left stale;
 * materialized row-lineage columns (Iceberg's generic writer never stores {@code _row_id} in a data file, engines do
 * when they rewrite rows), so row ids here are all inherited from {@code first_row_id}; write-defaults applied by
 * the writer (the generic writer stores what a record holds; filling in write-default is an engine's job).
 */
public final class IcebergLayouts {

  /**
   * One written table.
   *
   * @param name the catalog name (in catalog.yaml, or in the directory catalog), or null when only reachable through
   *     iceberg_scan
   * @param location what the catalog entry names: the table folder or one metadata file
   * @param table Iceberg's view of the table (for pinned entries: of that metadata file)
   * @param snapshots the snapshot ids on main in commit order
   * @param files named paths tests need (metadata files, the table folder, ...)
   */
  public record LayoutTable(String name, String location, Table table, List<Long> snapshots,
      Map<String, String> files) {
    public long snapshot(int index) {
      return snapshots.get(index);
    }

    public String file(String key) {
      String f = files.get(key);
      if (f == null) {
        throw new IllegalArgumentException(name + " has no file " + key + "; it has " + files.keySet());
      }
      return f;
    }
  }

  /** Everything {@link #writeAll} wrote. */
  public record Written(Path root, Path catalogFile, Path directoryCatalog, Path scanRoot,
      Map<String, LayoutTable> tables) {
    public LayoutTable table(String name) {
      LayoutTable t = tables.get(name);
      if (t == null) {
        throw new IllegalArgumentException("no layout table " + name + "; there are " + tables.keySet());
      }
      return t;
    }
  }

  private static final Map<String, String> V2 = Map.of(TableProperties.FORMAT_VERSION, "2");
  private static final Map<String, String> V3 = Map.of(TableProperties.FORMAT_VERSION, "3");

  private final Path root;
  private final Map<String, LayoutTable> tables = new LinkedHashMap<>();

  private IcebergLayouts(Path root) {
    this.root = root;
  }

  /**
   * Writes every layout under {@code root}: catalog tables in {@code root/tables/<name>}, a table reachable only
   * through iceberg_scan under {@code root/scan}, a directory catalog under {@code root/dircat}, and
   * {@code root/catalog.yaml} listing the catalog tables with {@code root/scan} as scan root.
   */
  public static Written writeAll(Path root) throws IOException {
    IcebergLayouts l = new IcebergLayouts(root.toAbsolutePath());
    l.identityPartitionsNotInFiles();
    l.identityBytesNotInFiles();
    l.identityPartitionEvolution();
    l.nameMapping();
    l.nestedControl();
    l.noFieldIdsNoMapping();
    l.defaults();
    l.deletionVectors();
    l.deletionVectorOverV2PositionDeletes();
    l.equalityDeletes();
    l.types();
    l.timestampNanos();
    l.timestamptzNanos();
    l.unknownType();
    l.rowLineage();
    l.metadataLayouts();
    l.fileSchemePaths();
    l.movedTables();
    l.formatV4();
    Path dircat = l.directoryCatalog();
    Path catalog = l.root.resolve("catalog.yaml");
    StringBuilder yaml = new StringBuilder("tables:\n");
    for (LayoutTable t : l.tables.values()) {
      if (t.name() != null && !t.files().containsKey("dircat")) {
        yaml.append("  ").append(t.name()).append(": { format: iceberg, location: '").append(t.location())
            .append("' }\n");
      }
    }
    yaml.append("scan_roots: [ '").append(l.root.resolve("scan")).append("' ]\n");
    Files.writeString(catalog, yaml.toString());
    return new Written(l.root, catalog, dircat, l.root.resolve("scan"), Map.copyOf(l.tables));
  }

  // ==============================================================================================================
  // 1. Identity partitions whose source column is NOT in the data files

  static final Schema IDENT = new Schema(
      required(1, "id", Types.LongType.get()),
      optional(2, "v", Types.IntegerType.get()),
      optional(3, "p_int", Types.IntegerType.get()),
      optional(4, "p_long", Types.LongType.get()),
      optional(5, "p_str", Types.StringType.get()),
      optional(6, "p_date", Types.DateType.get()),
      optional(7, "p_bool", Types.BooleanType.get()),
      optional(8, "p_dec", Types.DecimalType.of(9, 2)),
      optional(9, "p_ts", Types.TimestampType.withoutZone()),
      optional(10, "p_tstz", Types.TimestampType.withZone()));

  /** The identity-partitioned columns of {@link #IDENT}. */
  public static final List<String> IDENT_PARTITION_COLUMNS =
      List.of("p_int", "p_long", "p_str", "p_date", "p_bool", "p_dec", "p_ts", "p_tstz");

  private static final Object[][] IDENT_TUPLES = {
      {7, 10_000_000_000L, "alpha", LocalDate.of(2024, 1, 15), true, new BigDecimal("12.34"),
          LocalDateTime.of(2024, 1, 15, 10, 30), OffsetDateTime.of(2024, 1, 15, 10, 30, 0, 0, ZoneOffset.UTC)},
      {-3, -42L, "beta gamma", LocalDate.of(1999, 12, 31), false, new BigDecimal("-0.50"),
          LocalDateTime.parse("1969-07-20T20:17:40.123456"), OffsetDateTime.parse("2000-02-29T23:59:59.999999Z")},
      {0, 0L, "a/b=c%d é", LocalDate.of(2024, 2, 29), true, new BigDecimal("0.00"),
          LocalDateTime.parse("2024-02-29T00:00:00.000001"), OffsetDateTime.parse("1970-01-01T00:00:00Z")},
      {null, null, null, null, null, null, null, null},
      {7, null, "alpha", null, false, new BigDecimal("12.34"), null,
          OffsetDateTime.parse("2024-01-15T10:30:00Z")},
  };

  /** The first tuple's values: what the tests filter partition columns on. */
  public static Object identFilterValue(String column) {
    return IDENT_TUPLES[0][IDENT_PARTITION_COLUMNS.indexOf(column)];
  }

  private static Record identRow(long id, Object[] tuple) {
    Object[] values = new Object[2 + tuple.length];
    values[0] = id;
    values[1] = (int) (id * 7 % 10);
    System.arraycopy(tuple, 0, values, 2, tuple.length);
    return rec(IDENT, values);
  }

  private static List<Record> identRows(int tuple, long... ids) {
    return Arrays.stream(ids).mapToObj(id -> identRow(id, IDENT_TUPLES[tuple])).toList();
  }

  /**
   * {@code ident_no_source}: identity partitions on int, long, string, date, boolean, decimal, timestamp and
   * timestamptz columns whose data files hold only {@code id} and {@code v}: the partition values live only in the
   * manifests' partition tuples (Iceberg's column projection rules say a reader takes them from there). One tuple is
   * all NULL, one partly NULL; the string value needs escaping in paths. {@code ident_control}: the same rows in the
   * usual layout (partition columns also in the files), so a failure that only the first table shows is the layout's.
   */
  private void identityPartitionsNotInFiles() {
    PartitionSpec spec = identitySpec(IDENT, IDENT_PARTITION_COLUMNS);
    for (boolean omit : new boolean[] {true, false}) {
      String name = omit ? "ident_no_source" : "ident_control";
      Table t = create(name, IDENT, spec, V2);
      Set<Integer> omitted = omit ? ids(IDENT, IDENT_PARTITION_COLUMNS) : Set.of();
      List<Long> snaps = new ArrayList<>();
      snaps.add(append(t, omitted, concat(identRows(0, 1, 2, 3), identRows(1, 4, 5, 6))));
      snaps.add(append(t, omitted, concat(identRows(2, 7, 8, 9), identRows(3, 10, 11))));
      snaps.add(append(t, omitted, concat(identRows(4, 12, 13, 14), identRows(0, 15, 16))));
      register(name, t, snaps);
    }
  }

  static final Schema IDENT_BYTES = new Schema(
      required(1, "id", Types.LongType.get()),
      optional(2, "v", Types.IntegerType.get()),
      optional(3, "p_bin", Types.BinaryType.get()),
      optional(4, "p_fixed", Types.FixedType.ofLength(4)),
      optional(5, "p_uuid", Types.UUIDType.get()));

  public static final List<String> IDENT_BYTES_PARTITION_COLUMNS = List.of("p_bin", "p_fixed", "p_uuid");

  private static final Object[][] IDENT_BYTES_TUPLES = {
      {ByteBuffer.wrap(new byte[] {0, (byte) 0xff}), new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef},
          UUID.fromString("f79c3e09-677c-4bbd-a479-3f349cb785e7")},
      {ByteBuffer.wrap("a/b".getBytes(StandardCharsets.UTF_8)), new byte[] {0, 0, 0, 0},
          UUID.fromString("00000000-0000-0000-0000-000000000001")},
      {null, null, null},
  };

  public static Object identBytesFilterValue(String column) {
    return IDENT_BYTES_TUPLES[0][IDENT_BYTES_PARTITION_COLUMNS.indexOf(column)];
  }

  /**
   * {@code ident_bytes_no_source} / {@code ident_bytes_control}: identity partitions on binary, fixed(4) and uuid,
   * with and without the columns in the files.
   */
  private void identityBytesNotInFiles() {
    PartitionSpec spec = identitySpec(IDENT_BYTES, IDENT_BYTES_PARTITION_COLUMNS);
    for (boolean omit : new boolean[] {true, false}) {
      String name = omit ? "ident_bytes_no_source" : "ident_bytes_control";
      Table t = create(name, IDENT_BYTES, spec, V2);
      Set<Integer> omitted = omit ? ids(IDENT_BYTES, IDENT_BYTES_PARTITION_COLUMNS) : Set.of();
      List<Long> snaps = new ArrayList<>();
      List<Record> first = new ArrayList<>();
      for (long id = 1; id <= 5; id++) {
        Object[] tuple = IDENT_BYTES_TUPLES[(int) (id % 2)];
        first.add(rec(IDENT_BYTES, id, (int) id * 3, tuple[0], tuple[1], tuple[2]));
      }
      snaps.add(append(t, omitted, first));
      List<Record> second = new ArrayList<>();
      for (long id = 6; id <= 8; id++) {
        Object[] tuple = IDENT_BYTES_TUPLES[id == 8 ? 0 : 2];
        second.add(rec(IDENT_BYTES, id, (int) id * 3, tuple[0], tuple[1], tuple[2]));
      }
      snaps.add(append(t, omitted, second));
      register(name, t, snaps);
    }
  }

  /**
   * {@code ident_evolved}: partitioned by identity(region) with files that do not hold region (snapshots 1-2), then
   * the partition field is dropped (unpartitioned spec) and newer files hold region in the data (snapshot 3); then
   * region is renamed to zone (snapshot 4). Old files must still show their partition values under the new name.
   */
  private void identityPartitionEvolution() {
    Schema schema = new Schema(
        required(1, "id", Types.LongType.get()),
        optional(2, "region", Types.StringType.get()),
        optional(3, "v", Types.IntegerType.get()));
    Table t = create("ident_evolved", schema, PartitionSpec.builderFor(schema).identity("region").build(), V2);
    Set<Integer> omitted = Set.of(2);
    List<Long> snaps = new ArrayList<>();
    snaps.add(append(t, omitted, List.of(rec(schema, 1L, "eu", 10), rec(schema, 2L, "eu", 20),
        rec(schema, 3L, "us", 30))));
    snaps.add(append(t, omitted, List.of(rec(schema, 4L, null, 40), rec(schema, 5L, "apac", 50),
        rec(schema, 6L, "apac", 60))));
    t.updateSpec().removeField("region").commit();
    snaps.add(append(t, Set.of(), List.of(rec(schema, 7L, "eu", 70), rec(schema, 8L, "latam", 80),
        rec(schema, 9L, null, 90))));
    t.updateSchema().renameColumn("region", "zone").commit();
    snaps.add(append(t, Set.of(), List.of(rec(t.schema(), 10L, "eu", 100), rec(t.schema(), 11L, "us", 110))));
    register("ident_evolved", t, snaps);
  }

  // ==============================================================================================================
  // 2. Data files without Parquet field ids

  private static final String MAPPED_FILE_A = """
      message hive_schema {
        required int64 id;
        optional binary name (STRING);
        optional double score;
        optional group addr {
          optional binary street (STRING);
          optional binary city (STRING);
        }
        optional group tags (LIST) {
          repeated group list {
            optional binary element (STRING);
          }
        }
        optional int32 legacy;
      }""";

  private static final String MAPPED_FILE_B = """
      message spark_schema {
        optional binary name (STRING);
        required int64 id;
        optional group addr {
          optional binary city (STRING);
          optional binary street (STRING);
        }
      }""";

  private static final String MAPPED_FILE_C = """
      message spark_schema {
        required int64 id;
        optional binary full_name (STRING);
        optional group addr {
          optional binary street (STRING);
          optional binary town (STRING);
        }
        optional binary note (STRING);
      }""";

  /**
   * {@code mapped}: an imported / migrated table. Files A and B were written by a plain Parquet writer without field
   * ids (B with its columns and struct fields in another order, without score and tags; A with an extra column
   * {@code legacy} the table does not have) and registered with metrics computed through the name mapping in
   * {@code schema.name-mapping.default}. Then name is renamed to full_name and addr.city to addr.town (Iceberg keeps
   * both names in the mapping) and note is added; file C (no ids) uses the new names; file D is written by Iceberg
   * (with ids); finally position deletes remove one row of A and one of C.
   */
  private void nameMapping() {
    Schema schema = new Schema(
        required(1, "id", Types.LongType.get()),
        optional(2, "name", Types.StringType.get()),
        optional(3, "score", Types.DoubleType.get()),
        optional(4, "addr", Types.StructType.of(
            optional(6, "street", Types.StringType.get()),
            optional(7, "city", Types.StringType.get()))),
        optional(5, "tags", Types.ListType.ofOptional(8, Types.StringType.get())));
    Table t = create("mapped", schema, PartitionSpec.unpartitioned(), V2);
    // From the table's schema: creating a table assigns fresh ids anyway (breadth first, as declared above).
    t.updateProperties().set(TableProperties.DEFAULT_NAME_MAPPING, NameMappingParser.toJson(
        MappingUtil.create(t.schema()))).commit();
    List<Long> snaps = new ArrayList<>();

    DataFile a = IcebergLayoutFiles.writeDataWithoutIds(t, MAPPED_FILE_A, t.spec(), null, 4, sink -> {
      for (long id = 1; id <= 4; id++) {
        Group g = sink.row().append("id", id);
        if (id != 3) {
          g.append("name", id == 4 ? "bo" : "name-" + id);
        }
        g.append("score", id * 1.25);
        Group addr = g.addGroup("addr");
        addr.append("street", id + " Main St");
        if (id != 2) {
          addr.append("city", id % 2 == 0 ? "Oslo" : "Lima");
        }
        Group tags = g.addGroup("tags");
        for (int k = 0; k < id % 3; k++) {
          tags.addGroup("list").append("element", "tag" + k);
        }
        g.append("legacy", (int) id * 100);
      }
    }, mapping(t));
    snaps.add(appendFiles(t, a));

    DataFile b = IcebergLayoutFiles.writeDataWithoutIds(t, MAPPED_FILE_B, t.spec(), null, 3, sink -> {
      for (long id = 5; id <= 7; id++) {
        Group g = sink.row();
        g.append("name", id == 5 ? "bo" : "name-" + id).append("id", id);
        Group addr = g.addGroup("addr");
        addr.append("city", id == 7 ? "Oslo" : "Quito");
        addr.append("street", id + " Side Rd");
      }
    }, mapping(t));
    snaps.add(appendFiles(t, b));

    t.updateSchema().renameColumn("name", "full_name").renameColumn("addr.city", "town")
        .addColumn("note", Types.StringType.get()).commit();
    NameMapping m = mapping(t);
    Schema renamed = t.schema();
    if (m.find("name").id() != renamed.findField("full_name").fieldId()
        || m.find("full_name").id() != renamed.findField("full_name").fieldId()
        || m.find("addr", "city").id() != renamed.findField("addr.town").fieldId()
        || m.find("addr", "town").id() != renamed.findField("addr.town").fieldId()
        || m.find("note").id() != renamed.findField("note").fieldId()) {
      throw new IllegalStateException("Iceberg did not keep both names in the name mapping: " + m);
    }

    DataFile c = IcebergLayoutFiles.writeDataWithoutIds(t, MAPPED_FILE_C, t.spec(), null, 3, sink -> {
      for (long id = 8; id <= 10; id++) {
        Group g = sink.row().append("id", id).append("full_name", id == 9 ? "bo" : "name-" + id);
        Group addr = g.addGroup("addr");
        addr.append("street", id + " New Ave");
        addr.append("town", "Oslo");
        if (id != 10) {
          g.append("note", "imported " + id);
        }
      }
    }, m);
    snaps.add(appendFiles(t, c));

    Schema s = t.schema();
    Record r11 = rec(s, 11L, "bo", 2.5, rec(s.findType("addr").asStructType(), "11 Id St", "Oslo"),
        List.of("tag0"), "native");
    Record r12 = rec(s, 12L, "name-12", null, null, null, null);
    snaps.add(append(t, Set.of(), List.of(r11, r12)));

    RowDelta delta = t.newRowDelta();
    delta.addDeletes(positionDelete(t, a, 1)); // id 2
    delta.addDeletes(positionDelete(t, c, 0)); // id 8
    delta.commit();
    snaps.add(t.currentSnapshot().snapshotId());
    register("mapped", t, snaps);
  }

  /**
   * {@code nested_control}: the struct columns of {@code mapped} and {@code defaults} (addr{street, town},
   * s{a, b}) in the usual layout: every file written by Iceberg with field ids and the same struct shape. Queries that
   * fail on the unusual tables but pass here fail because of the layout, not the SQL.
   */
  private void nestedControl() {
    Schema schema = new Schema(
        required(1, "id", Types.LongType.get()),
        optional(2, "addr", Types.StructType.of(
            optional(4, "street", Types.StringType.get()),
            optional(5, "town", Types.StringType.get()))),
        optional(3, "s", Types.StructType.of(
            optional(6, "a", Types.IntegerType.get()),
            optional(7, "b", Types.StringType.get()))));
    Table t = create("nested_control", schema, PartitionSpec.unpartitioned(), V2);
    Types.StructType addr = schema.findType("addr").asStructType();
    Types.StructType st = schema.findType("s").asStructType();
    List<Long> snaps = new ArrayList<>();
    snaps.add(append(t, Set.of(), List.of(rec(schema, 1L, rec(addr, "1 Main St", "Oslo"), rec(st, 1, "nested-default")),
        rec(schema, 2L, rec(addr, "2 Main St", null), null))));
    snaps.add(append(t, Set.of(), List.of(rec(schema, 3L, null, rec(st, null, "x")),
        rec(schema, 4L, rec(addr, null, "Oslo"), rec(st, 4, "nested-default")))));
    register("nested_control", t, snaps);
  }

  private static final String UNMAPPED_FILE = """
      message spark_schema {
        required int64 id;
        optional binary name (STRING);
        optional int32 qty;
      }""";

  /**
   * {@code unmapped}: a file without field ids and NO name mapping (its columns in the table's order), plus a
   * file Iceberg wrote with ids. The spec leaves such files undefined; Iceberg's Java reader falls back to
   * position-based ids.
   */
  private void noFieldIdsNoMapping() {
    Schema schema = new Schema(
        required(1, "id", Types.LongType.get()),
        optional(2, "name", Types.StringType.get()),
        optional(3, "qty", Types.IntegerType.get()));
    Table t = create("unmapped", schema, PartitionSpec.unpartitioned(), V2);
    List<Long> snaps = new ArrayList<>();
    DataFile a = IcebergLayoutFiles.writeDataWithoutIds(t, UNMAPPED_FILE, t.spec(), null, 3, sink -> {
      for (long id = 1; id <= 3; id++) {
        sink.row().append("id", id).append("name", "n" + id).append("qty", (int) id * 2);
      }
    }, null);
    snaps.add(appendFiles(t, a));
    snaps.add(append(t, Set.of(), List.of(rec(schema, 4L, "n4", 8), rec(schema, 5L, null, null))));
    register("unmapped", t, snaps);
  }

  private static NameMapping mapping(Table t) {
    return NameMappingParser.fromJson(t.properties().get(TableProperties.DEFAULT_NAME_MAPPING));
  }

  // ==============================================================================================================
  // 3. Default values (v3)

  /**
   * {@code defaults} (v3): snapshot 1 writes two files with id and s{a}; then columns are added with
   * {@code initial-default} / {@code write-default} (int, string, date, decimal, timestamptz, boolean, a required
   * long) and a nested field s.b with a default; snapshot 2 writes explicit values (some NULL); then c_int's
   * write-default changes (its initial-default stays); snapshot 3 writes more. Old files must read the
   * initial-defaults.
   */
  private void defaults() {
    Schema schema = new Schema(
        required(1, "id", Types.LongType.get()),
        optional(2, "s", Types.StructType.of(optional(3, "a", Types.IntegerType.get()))));
    Table t = create("defaults", schema, PartitionSpec.unpartitioned(), V3);
    Types.StructType st = schema.findType("s").asStructType();
    List<Long> snaps = new ArrayList<>();
    snaps.add(append(t, Set.of(), List.of(rec(schema, 1L, rec(st, 10)), rec(schema, 2L, null)),
        List.of(rec(schema, 3L, rec(st, (Object) null)))));
    t.updateSchema()
        .addColumn("c_int", Types.IntegerType.get(), Literal.of(42))
        .addColumn("c_str", Types.StringType.get(), Literal.of("dflt"))
        .addColumn("c_date", Types.DateType.get(), Literal.of("2024-05-06").to(Types.DateType.get()))
        .addColumn("c_dec", Types.DecimalType.of(10, 3), Literal.of(new BigDecimal("1.250")))
        .addColumn("c_tstz", Types.TimestampType.withZone(),
            Literal.of("2024-01-01T00:00:00.000001+00:00").to(Types.TimestampType.withZone()))
        .addColumn("c_bool", Types.BooleanType.get(), Literal.of(true))
        .addRequiredColumn("c_req", Types.LongType.get(), Literal.of(7L))
        .addColumn("s", "b", Types.StringType.get(), Literal.of("nested-default"))
        .commit();
    Schema s2 = t.schema();
    Types.StructType st2 = s2.findType("s").asStructType();
    snaps.add(append(t, Set.of(), List.of(
        rec(s2, 4L, rec(st2, 40, "x"), 5, "set", LocalDate.of(2020, 1, 1), new BigDecimal("9.999"),
            OffsetDateTime.parse("2020-01-01T00:00:00Z"), false, 70L),
        rec(s2, 5L, null, null, null, null, null, null, null, 71L))));
    t.updateSchema().updateColumnDefault("c_int", Literal.of(99)).commit();
    snaps.add(append(t, Set.of(), List.of(rec(s2, 6L, rec(st2, 60, null), 99, "dflt",
        LocalDate.of(2024, 5, 6), new BigDecimal("1.250"), null, true, 7L))));
    register("defaults", t, snaps);
  }

  // ==============================================================================================================
  // 4. Deletion vectors (v3)

  /**
   * {@code dv} (v3, identity(cat)): F1 (cat a, ids 1-10) and F2 (cat b, ids 11-20); snapshot 2 writes one Puffin
   * file with DVs for both; snapshot 3 replaces F1's DV with a merged one (F2's DV stays in the older Puffin file);
   * snapshot 4 appends F3 (cat a); snapshot 5 writes DVs for F3 and a replacement for F2's.
   */
  private void deletionVectors() {
    Schema schema = new Schema(
        required(1, "id", Types.LongType.get()),
        optional(2, "cat", Types.StringType.get()),
        optional(3, "v", Types.IntegerType.get()));
    Table t = create("dv", schema, PartitionSpec.builderFor(schema).identity("cat").build(), V3);
    List<Long> snaps = new ArrayList<>();
    List<Record> rows = new ArrayList<>();
    for (long id = 1; id <= 20; id++) {
      rows.add(rec(schema, id, id <= 10 ? "a" : "b", (int) (id % 4)));
    }
    snaps.add(append(t, Set.of(), rows));
    DataFile f1 = liveFile(t, 1L);
    DataFile f2 = liveFile(t, 11L);
    snaps.add(writeDVs(t, Map.of(f1, new long[] {1, 3}, f2, new long[] {0})));
    snaps.add(writeDVs(t, Map.of(f1, new long[] {5})));
    List<Record> more = new ArrayList<>();
    for (long id = 21; id <= 25; id++) {
      more.add(rec(schema, id, "a", (int) (id % 4)));
    }
    snaps.add(append(t, Set.of(), more));
    DataFile f3 = liveFile(t, 21L);
    snaps.add(writeDVs(t, Map.of(f3, new long[] {0}, f2, new long[] {2})));
    register("dv", t, snaps);
  }

  /**
   * {@code dv_upgraded}: a v2 table with a Parquet position-delete file, upgraded to v3; the DV then written for the
   * same data file merges the old positions and replaces the position-delete file (as Iceberg and Spark do).
   */
  private void deletionVectorOverV2PositionDeletes() {
    Schema schema = new Schema(
        required(1, "id", Types.LongType.get()),
        optional(2, "v", Types.IntegerType.get()));
    Table t = create("dv_upgraded", schema, PartitionSpec.unpartitioned(), V2);
    List<Long> snaps = new ArrayList<>();
    List<Record> rows = new ArrayList<>();
    for (long id = 1; id <= 8; id++) {
      rows.add(rec(schema, id, (int) id * 11));
    }
    snaps.add(append(t, Set.of(), rows));
    DataFile f1 = liveFile(t, 1L);
    t.newRowDelta().addDeletes(positionDelete(t, f1, 0, 7)).commit();
    snaps.add(t.currentSnapshot().snapshotId());
    t.updateProperties().set(TableProperties.FORMAT_VERSION, "3").commit();
    snaps.add(writeDVs(t, Map.of(f1, new long[] {3})));
    snaps.add(append(t, Set.of(), List.of(rec(schema, 9L, 99))));
    register("dv_upgraded", t, snaps);
  }

  /** Writes one Puffin file of DVs (merged with the live deletes of each file) and commits it; returns the snapshot. */
  private static long writeDVs(Table t, Map<DataFile, long[]> positions) {
    Map<String, List<DeleteFile>> live = new HashMap<>();
    try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        live.put(task.file().location(), task.deletes().stream()
            .filter(d -> d.content() == FileContent.POSITION_DELETES).toList());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    BaseDeleteLoader loader = new BaseDeleteLoader(d -> t.io().newInputFile(d));
    OutputFile puffin = t.io().newOutputFile(t.locationProvider().newDataLocation("dv-" + UUID.randomUUID()
        + ".puffin"));
    BaseDVFileWriter w = new BaseDVFileWriter(() -> puffin, path -> {
      List<DeleteFile> previous = live.getOrDefault(path, List.of());
      return previous.isEmpty() ? null : loader.loadPositionDeletes(previous, path);
    });
    for (Map.Entry<DataFile, long[]> e : positions.entrySet()) {
      DataFile f = e.getKey();
      for (long p : e.getValue()) {
        w.delete(f.location(), p, t.specs().get(f.specId()), f.partition());
      }
    }
    try {
      w.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DeleteWriteResult result = w.result();
    RowDelta delta = t.newRowDelta();
    result.deleteFiles().forEach(delta::addDeletes);
    result.rewrittenDeleteFiles().forEach(delta::removeDeletes);
    int previousCount = positions.keySet().stream().mapToInt(f -> live.getOrDefault(f.location(), List.of()).size())
        .sum();
    if (result.rewrittenDeleteFiles().size() != previousCount) {
      throw new IllegalStateException("expected the DV writer to replace " + previousCount + " delete files, it "
          + "replaced " + result.rewrittenDeleteFiles());
    }
    delta.validateFromSnapshot(t.currentSnapshot().snapshotId()).commit();
    return t.currentSnapshot().snapshotId();
  }

  // ==============================================================================================================
  // 5. Equality deletes

  /**
   * {@code eq_deletes}: created unpartitioned (spec 0) with file U (ids 1-6), then partitioned by identity(region)
   * (spec 1) with files for a (ids 10-15) and b (ids 20-25). Then:
   * <ol>
   *   <li>an equality delete on id {11, 21, 3} scoped to partition region=a: removes 11 only (21 is in b, 3 in the
   *       spec-0 file);</li>
   *   <li>ids 11 and 30 appended to a again: the re-inserted 11 stays (higher sequence number);</li>
   *   <li>a GLOBAL equality delete (spec 0, unpartitioned) on name, including NULL: applies to every partition and
   *       to the spec-0 file; NULL matches NULL in equality deletes;</li>
   *   <li>a Flink-style equality delete whose file holds the whole row but whose equality field is only id (the
   *       other values differ from the table's), scoped to region=a;</li>
   *   <li>id 12 appended to a again: stays.</li>
   * </ol>
   */
  private void equalityDeletes() {
    Schema schema = new Schema(
        required(1, "id", Types.LongType.get()),
        optional(2, "region", Types.StringType.get()),
        optional(3, "name", Types.StringType.get()),
        optional(4, "v", Types.IntegerType.get()));
    Table t = create("eq_deletes", schema, PartitionSpec.unpartitioned(), V2);
    List<Long> snaps = new ArrayList<>();
    List<Record> u = new ArrayList<>();
    for (long id = 1; id <= 6; id++) {
      u.add(rec(schema, id, id % 2 == 0 ? "a" : "b", id == 5 ? null : "n" + id, (int) id));
    }
    snaps.add(append(t, Set.of(), u));
    PartitionSpec unpartitioned = t.spec();
    t.updateSpec().addField("region").commit();
    PartitionSpec byRegion = t.spec();
    List<Record> ab = new ArrayList<>();
    for (long id = 10; id <= 15; id++) {
      ab.add(rec(schema, id, "a", id == 14 ? null : "n" + id, (int) id));
      ab.add(rec(schema, id + 10, "b", "n" + (id + 10), (int) id + 10));
    }
    snaps.add(append(t, Set.of(), ab));
    StructLike regionA = partitionOf(byRegion, schema, rec(schema, 0L, "a", null, null));
    Schema idOnly = schema.select("id");
    snaps.add(commitDeletes(t, eqDelete(t, idOnly, new int[] {1}, byRegion, regionA,
        List.of(rec(idOnly, 11L), rec(idOnly, 21L), rec(idOnly, 3L)))));
    snaps.add(append(t, Set.of(), List.of(rec(schema, 11L, "a", "again", 111), rec(schema, 30L, "a", "n30", 30))));
    Schema nameOnly = schema.select("name");
    snaps.add(commitDeletes(t, eqDelete(t, nameOnly, new int[] {3}, unpartitioned, null,
        List.of(rec(nameOnly, "n2"), rec(nameOnly, "n22"), rec(nameOnly, (Object) null)))));
    snaps.add(commitDeletes(t, eqDelete(t, schema, new int[] {1}, byRegion, regionA,
        List.of(rec(schema, 12L, "zz", "not-the-name", -1), rec(schema, 13L, null, null, null)))));
    snaps.add(append(t, Set.of(), List.of(rec(schema, 12L, "a", "back", 112))));
    register("eq_deletes", t, snaps);
  }

  // ==============================================================================================================
  // 6. Types

  /**
   * {@code types_v3} (format v3): uuid, fixed(16), fixed(3), time, binary, decimal(38,10), decimal(38,0) with
   * extreme values (the largest decimals, empty binary, the all-zero and all-ones uuids, the last microsecond of the
   * day). The nanosecond types, which a reader may not support, have tables of their own.
   */
  private void types() {
    Schema schema = new Schema(
        required(1, "id", Types.LongType.get()),
        optional(2, "u", Types.UUIDType.get()),
        optional(3, "fx16", Types.FixedType.ofLength(16)),
        optional(4, "fx3", Types.FixedType.ofLength(3)),
        optional(5, "t", Types.TimeType.get()),
        optional(6, "bin", Types.BinaryType.get()),
        optional(7, "d38", Types.DecimalType.of(38, 10)),
        optional(8, "d38_0", Types.DecimalType.of(38, 0)));
    Table t = create("types_v3", schema, PartitionSpec.unpartitioned(), V3);
    byte[] seq16 = new byte[16];
    byte[] ones16 = new byte[16];
    for (int i = 0; i < 16; i++) {
      seq16[i] = (byte) i;
      ones16[i] = (byte) 0xff;
    }
    List<Long> snaps = new ArrayList<>();
    snaps.add(append(t, Set.of(), List.of(
        rec(schema, 1L, UUID.fromString("f79c3e09-677c-4bbd-a479-3f349cb785e7"), seq16, new byte[] {1, 2, 3},
            LocalTime.parse("12:34:56.123456"), ByteBuffer.wrap(new byte[] {0, (byte) 0xff}),
            new BigDecimal("1234567890123456789012345678.0123456789"),
            new BigDecimal("99999999999999999999999999999999999999")),
        rec(schema, 2L, UUID.fromString("00000000-0000-0000-0000-000000000000"), ones16, new byte[] {0, 0, 0},
            LocalTime.MIDNIGHT, ByteBuffer.wrap(new byte[0]),
            new BigDecimal("-9999999999999999999999999999.9999999999"),
            new BigDecimal("-99999999999999999999999999999999999999")),
        rec(schema, 3L, UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"), seq16,
            new byte[] {(byte) 0xff, 0, 0x7f}, LocalTime.parse("23:59:59.999999"),
            ByteBuffer.wrap(new byte[] {(byte) 0xde, (byte) 0xad}), new BigDecimal("0E-10"), BigDecimal.ZERO))));
    snaps.add(append(t, Set.of(), List.of(
        rec(schema, 4L, null, null, null, null, null, null, null),
        rec(schema, 5L, UUID.fromString("f79c3e09-677c-4bbd-a479-3f349cb785e7"), ones16, new byte[] {1, 2, 3},
            LocalTime.parse("00:00:00.000001"), ByteBuffer.wrap(new byte[] {0, (byte) 0xff}),
            new BigDecimal("0.0000000001"), new BigDecimal("1")),
        rec(schema, 6L, UUID.fromString("80000000-0000-0000-8000-000000000000"), seq16,
            new byte[] {(byte) 0x80, 0, 0}, LocalTime.parse("08:00:00"),
            ByteBuffer.wrap("text".getBytes(StandardCharsets.UTF_8)), new BigDecimal("-0.0000000001"),
            new BigDecimal("-1")))));
    register("types_v3", t, snaps);
  }

  /**
   * {@code types_ts_ns} (v3): timestamp_ns near both ends of its range, before and after 1970, with a nanosecond
   * fraction and without. The int64 extremes themselves are left out: DuckDB keeps them for +-infinity.
   */
  private void timestampNanos() {
    Schema schema = new Schema(
        required(1, "id", Types.LongType.get()),
        optional(2, "ts_ns", Types.TimestampNanoType.withoutZone()),
        optional(3, "v", Types.IntegerType.get()));
    Table t = create("types_ts_ns", schema, PartitionSpec.unpartitioned(), V3);
    List<Long> snaps = new ArrayList<>();
    snaps.add(append(t, Set.of(), List.of(
        rec(schema, 1L, LocalDateTime.parse("2024-03-10T12:34:56.123456789"), 1),
        rec(schema, 2L, LocalDateTime.parse("1677-09-22T00:00:00.999999999"), 2),
        rec(schema, 3L, LocalDateTime.parse("2262-04-10T23:59:59.000000001"), 3))));
    snaps.add(append(t, Set.of(), List.of(
        rec(schema, 4L, null, 4),
        rec(schema, 5L, LocalDateTime.parse("2024-03-10T12:34:56.123456789"), 5),
        rec(schema, 6L, LocalDateTime.parse("1969-12-31T23:59:59.999999999"), 6),
        rec(schema, 7L, LocalDateTime.parse("2024-03-10T12:34:56.123456"), 7))));
    register("types_ts_ns", t, snaps);
  }

  /**
   * {@code types_tstz_ns}: a timestamptz_ns column. DuckDB has no nanosecond TIMESTAMP WITH TIME ZONE type, so this is
   * the one type here a reader may refuse (0A000) instead of answering exactly.
   */
  private void timestamptzNanos() {
    Schema schema = new Schema(
        required(1, "id", Types.LongType.get()),
        optional(2, "tstz_ns", Types.TimestampNanoType.withZone()));
    Table t = create("types_tstz_ns", schema, PartitionSpec.unpartitioned(), V3);
    List<Long> snaps = new ArrayList<>();
    snaps.add(append(t, Set.of(), List.of(
        rec(schema, 1L, OffsetDateTime.parse("2024-03-10T12:34:56.123456789Z")),
        rec(schema, 2L, OffsetDateTime.parse("1969-12-31T23:59:59.999999999Z")),
        rec(schema, 3L, null),
        rec(schema, 4L, OffsetDateTime.parse("2024-03-10T12:34:56.123456Z")))));
    register("types_tstz_ns", t, snaps);
  }

  /** {@code types_unknown} (v3): a column of type unknown (always NULL; never stored in data files). */
  private void unknownType() {
    Schema schema = new Schema(
        required(1, "id", Types.LongType.get()),
        optional(2, "unk", Types.UnknownType.get()),
        optional(3, "v", Types.IntegerType.get()));
    Table t = create("types_unknown", schema, PartitionSpec.unpartitioned(), V3);
    List<Long> snaps = new ArrayList<>();
    snaps.add(append(t, Set.of(), List.of(rec(schema, 1L, null, 10), rec(schema, 2L, null, 20))));
    snaps.add(append(t, Set.of(), List.of(rec(schema, 3L, null, 30))));
    register("types_unknown", t, snaps);
  }

  // ==============================================================================================================
  // Row lineage (v3)

  /**
   * {@code lineage} (v3): two appends (row ids inherited from each file's first_row_id), a DV deleting one row,
   * a third append. {@code _row_id} and {@code _last_updated_sequence_number} are not stored in the files.
   */
  private void rowLineage() {
    Schema schema = new Schema(
        required(1, "id", Types.LongType.get()),
        optional(2, "v", Types.IntegerType.get()));
    Table t = create("lineage", schema, PartitionSpec.unpartitioned(), V3);
    List<Long> snaps = new ArrayList<>();
    snaps.add(append(t, Set.of(), List.of(rec(schema, 1L, 1), rec(schema, 2L, 2)),
        List.of(rec(schema, 3L, 3), rec(schema, 4L, 4), rec(schema, 5L, 5))));
    snaps.add(append(t, Set.of(), List.of(rec(schema, 6L, 6), rec(schema, 7L, 7))));
    snaps.add(writeDVs(t, Map.of(liveFile(t, 4L), new long[] {1})));
    snaps.add(append(t, Set.of(), List.of(rec(schema, 8L, 8))));
    register("lineage", t, snaps);
  }

  // ==============================================================================================================
  // 7. Metadata layouts

  static final Schema SIMPLE = new Schema(
      required(1, "id", Types.LongType.get()),
      optional(2, "name", Types.StringType.get()),
      optional(3, "v", Types.IntegerType.get()));

  /** Three appends of two or three rows each, a position delete, a fourth append; returns the snapshots. */
  private static List<Long> simpleHistory(Table t) {
    List<Long> snaps = new ArrayList<>();
    snaps.add(append(t, Set.of(), List.of(rec(SIMPLE, 1L, "one", 1), rec(SIMPLE, 2L, "two", 2)),
        List.of(rec(SIMPLE, 3L, "three", 3))));
    snaps.add(append(t, Set.of(), List.of(rec(SIMPLE, 4L, "four", 4), rec(SIMPLE, 5L, null, 5))));
    t.newRowDelta().addDeletes(positionDelete(t, liveFile(t, 1L), 1)).commit(); // id 2
    snaps.add(t.currentSnapshot().snapshotId());
    snaps.add(append(t, Set.of(), List.of(rec(SIMPLE, 6L, "six", 6))));
    return snaps;
  }

  /**
   * <ul>
   *   <li>{@code meta_hadoop}: HadoopTables names (v1..vN.metadata.json, version-hint.text); also pinned by
   *       {@code meta_hadoop_pinned} (a catalog entry naming metadata/v3.metadata.json);</li>
   *   <li>{@code meta_gzip}: {@code write.metadata.compression-codec=gzip}: v1..vN.gz.metadata.json + hint; pinned
   *       by {@code meta_gzip_pinned} (v3.gz.metadata.json);</li>
   *   <li>{@code meta_catalog_names}: metastore-catalog names 00000-uuid.metadata.json.., no version hint; pinned by
   *       {@code meta_catalog_pinned}; {@code meta_catalog_gzip}: the same with gzip;</li>
   *   <li>{@code meta_stale_hint}: version-hint.text says 2 but v5 exists (a commit whose hint update failed;
   *       HadoopTableOperations reads past it to the newest vN);</li>
   *   <li>{@code scan/scan_only}: a table under the scan root that no catalog entry names.</li>
   * </ul>
   */
  private void metadataLayouts() throws IOException {
    Table hadoop = create("meta_hadoop", SIMPLE, PartitionSpec.unpartitioned(), V2);
    register("meta_hadoop", hadoop, simpleHistory(hadoop));
    pinned("meta_hadoop_pinned", "meta_hadoop", 2);

    Map<String, String> gz = new HashMap<>(V2);
    gz.put(TableProperties.METADATA_COMPRESSION, "gzip");
    Table gzip = create("meta_gzip", SIMPLE, PartitionSpec.unpartitioned(), gz);
    register("meta_gzip", gzip, simpleHistory(gzip));
    pinned("meta_gzip_pinned", "meta_gzip", 2);
    checkGzip(IcebergLayoutFiles.currentMetadataFile(gzip));

    Table named = IcebergLayoutFiles.create(root.resolve("tables/meta_catalog_names").toString(), SIMPLE,
        PartitionSpec.unpartitioned(), V2, Naming.CATALOG);
    register("meta_catalog_names", named, simpleHistory(named));
    pinned("meta_catalog_pinned", "meta_catalog_names", 3);

    Table namedGz = IcebergLayoutFiles.create(root.resolve("tables/meta_catalog_gzip").toString(), SIMPLE,
        PartitionSpec.unpartitioned(), gz, Naming.CATALOG);
    register("meta_catalog_gzip", namedGz, simpleHistory(namedGz));
    checkGzip(IcebergLayoutFiles.currentMetadataFile(namedGz));

    Table stale = create("meta_stale_hint", SIMPLE, PartitionSpec.unpartitioned(), V2);
    register("meta_stale_hint", stale, simpleHistory(stale));
    IcebergLayoutFiles.writeVersionHint(stale, 2);

    Table scanOnly = IcebergLayoutFiles.create(root.resolve("scan/deeper/scan_only").toString(), SIMPLE,
        PartitionSpec.unpartitioned(), V2, Naming.HADOOP);
    List<Long> snaps = simpleHistory(scanOnly);
    tables.put("scan_only", new LayoutTable(null, root.resolve("scan/deeper/scan_only").toString(), scanOnly,
        snaps, files(scanOnly, root.resolve("scan/deeper/scan_only"))));
  }

  /** A catalog entry naming the {@code index}-th metadata file (0 = the create) of an already written table. */
  private void pinned(String name, String of, int index) {
    LayoutTable base = tables.get(of);
    String file = IcebergLayoutFiles.metadataFiles(base.table()).get(index);
    Table pinned = IcebergLayoutFiles.staticTable(file);
    List<Long> snaps = base.snapshots().stream().filter(id -> pinned.snapshot(id) != null).toList();
    tables.put(name, new LayoutTable(name, file, pinned, snaps, Map.of("metadata", file)));
  }

  private static void checkGzip(String file) throws IOException {
    byte[] head = Files.readAllBytes(LocalKernelFileIO.toPath(file));
    if (!file.endsWith(".gz.metadata.json") || head.length < 2 || head[0] != 0x1f || head[1] != (byte) 0x8b) {
      throw new IllegalStateException(file + " is not a gzip metadata file");
    }
  }

  /** {@code dircat/lake/zone/raw/events} (HADOOP names) and {@code dircat/lake/zone/curated/orders} (catalog, gzip). */
  private Path directoryCatalog() {
    Path dir = root.resolve("dircat");
    Path events = dir.resolve("lake/zone/raw/events");
    Table e = IcebergLayoutFiles.create(events.toString(), SIMPLE, PartitionSpec.unpartitioned(), V2, Naming.HADOOP);
    List<Long> es = simpleHistory(e);
    Map<String, String> ef = new HashMap<>(files(e, events));
    ef.put("dircat", dir.toString());
    tables.put("lake.zone.raw.events", new LayoutTable("lake.zone.raw.events", events.toString(), e, es, ef));
    Path orders = dir.resolve("lake/zone/curated/orders");
    Map<String, String> gz = new HashMap<>(V2);
    gz.put(TableProperties.METADATA_COMPRESSION, "gzip");
    Table o = IcebergLayoutFiles.create(orders.toString(), SIMPLE, PartitionSpec.unpartitioned(), gz, Naming.CATALOG);
    List<Long> os = simpleHistory(o);
    Map<String, String> of = new HashMap<>(files(o, orders));
    of.put("dircat", dir.toString());
    tables.put("lake.zone.curated.orders", new LayoutTable("lake.zone.curated.orders", orders.toString(), o, os,
        of));
    return dir;
  }

  // ==============================================================================================================
  // 8. Paths

  /**
   * {@code paths_file1} / {@code paths_file3}: tables whose location is {@code file:/abs/path} resp.
   * {@code file:///abs/path}, so every manifest list, manifest, data file and the data file paths inside position
   * delete files use that scheme; identity(name) partitioned, with position and equality deletes.
   */
  private void fileSchemePaths() {
    for (String prefix : List.of("file:", "file://")) {
      String name = prefix.equals("file:") ? "paths_file1" : "paths_file3";
      Path dir = root.resolve("tables").resolve(name);
      Table t = IcebergLayoutFiles.create(prefix + dir, SIMPLE, PartitionSpec.builderFor(SIMPLE).identity("name")
          .build(), V2, Naming.HADOOP);
      List<Long> snaps = new ArrayList<>();
      snaps.add(append(t, Set.of(), List.of(rec(SIMPLE, 1L, "x", 1), rec(SIMPLE, 2L, "x", 2),
          rec(SIMPLE, 3L, "y", 3), rec(SIMPLE, 4L, null, 4))));
      DataFile x = liveFile(t, 1L);
      if (!x.location().startsWith(prefix + "/")) {
        throw new IllegalStateException("expected a " + prefix + " path, got " + x.location());
      }
      t.newRowDelta().addDeletes(positionDelete(t, x, 1)).commit();
      snaps.add(t.currentSnapshot().snapshotId());
      Schema idOnly = SIMPLE.select("id");
      StructLike y = partitionOf(t.spec(), SIMPLE, rec(SIMPLE, 0L, "y", null));
      snaps.add(commitDeletes(t, eqDelete(t, idOnly, new int[] {1}, t.spec(), y, List.of(rec(idOnly, 3L)))));
      snaps.add(append(t, Set.of(), List.of(rec(SIMPLE, 5L, "y", 5), rec(SIMPLE, 6L, "x", 6))));
      tables.put(name, new LayoutTable(name, dir.toString(), t, snaps, files(t, dir)));
    }
  }

  /**
   * <ul>
   *   <li>{@code moved} (v2, with a Parquet position delete and an equality delete) and {@code moved_dv} (v3, with
   *       a DV): written in tables/moved[_dv]_src, then moved to tables/moved[_dv] with Iceberg core's
   *       RewriteTablePathUtil (what {@code rewrite_table_path} does); the source is deleted. Iceberg has no
   *       relative paths (spec v1-v3, Iceberg 1.12): a moved table is a rewritten one.</li>
   *   <li>{@code copied_stale}: a table folder copied to tables/copied_stale WITHOUT rewriting, then the original
   *       deleted: its metadata still names the old absolute paths, which no longer exist.</li>
   * </ul>
   */
  private void movedTables() throws IOException {
    for (boolean dv : new boolean[] {false, true}) {
      String name = dv ? "moved_dv" : "moved";
      Path src = root.resolve("tables/" + name + "_src");
      Table t = IcebergLayoutFiles.create(src.toString(), SIMPLE, PartitionSpec.builderFor(SIMPLE).identity("name")
          .build(), dv ? V3 : V2, Naming.HADOOP);
      List<Long> snaps = new ArrayList<>();
      snaps.add(append(t, Set.of(), List.of(rec(SIMPLE, 1L, "x", 1), rec(SIMPLE, 2L, "x", 2),
          rec(SIMPLE, 3L, "y", 3), rec(SIMPLE, 4L, "y", 4))));
      DataFile x = liveFile(t, 1L);
      if (dv) {
        snaps.add(writeDVs(t, Map.of(x, new long[] {0})));
      } else {
        t.newRowDelta().addDeletes(positionDelete(t, x, 0)).commit();
        snaps.add(t.currentSnapshot().snapshotId());
      }
      Schema idOnly = SIMPLE.select("id");
      snaps.add(commitDeletes(t, eqDelete(t, idOnly, new int[] {1}, t.spec(),
          partitionOf(t.spec(), SIMPLE, rec(SIMPLE, 0L, "y", null)), List.of(rec(idOnly, 4L)))));
      snaps.add(append(t, Set.of(), List.of(rec(SIMPLE, 5L, "x", 5))));
      Path dst = root.resolve("tables/" + name);
      IcebergLayoutFiles.moveTable(src.toString(), dst.toString());
      String latest;
      try (var s = Files.list(dst.resolve("metadata"))) {
        latest = s.map(Path::toString).filter(p -> p.endsWith(".metadata.json"))
            .max((a, b) -> Integer.compare(version(a), version(b))).orElseThrow();
      }
      Table moved = IcebergLayoutFiles.staticTable(latest);
      tables.put(name, new LayoutTable(name, dst.toString(), moved, snaps, Map.of("dir", dst.toString(),
          "metadata", latest)));
    }

    Path original = root.resolve("tables/copied_src");
    Table c = IcebergLayoutFiles.create(original.toString(), SIMPLE, PartitionSpec.unpartitioned(), V2,
        Naming.HADOOP);
    List<Long> cs = simpleHistory(c);
    Path copy = root.resolve("tables/copied_stale");
    try (var walk = Files.walk(original)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path to = copy.resolve(original.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    TestFiles.deleteRecursively(original);
    tables.put("copied_stale", new LayoutTable("copied_stale", copy.toString(), null, cs,
        Map.of("dir", copy.toString(), "original", original.toString())));
  }

  /**
   * {@code format_v4}: Iceberg 1.12 already writes format version 4 (a spec still being written): Parquet manifests
   * ({@code *-m0.parquet}) under an Avro manifest list, and a table location that must carry a scheme (here
   * {@code file:///}). Paths are still absolute: 1.12 writes no relative paths (the v4 spec adds them; v1-v3 have
   * none). Two appends and a DV.
   */
  private void formatV4() {
    Path dir = root.resolve("tables/format_v4");
    Table t = IcebergLayoutFiles.create("file://" + dir, SIMPLE, PartitionSpec.unpartitioned(),
        Map.of(TableProperties.FORMAT_VERSION, "4"), Naming.HADOOP);
    List<Long> snaps = new ArrayList<>();
    snaps.add(append(t, Set.of(), List.of(rec(SIMPLE, 1L, "one", 1), rec(SIMPLE, 2L, "two", 2))));
    snaps.add(append(t, Set.of(), List.of(rec(SIMPLE, 3L, "three", 3), rec(SIMPLE, 4L, null, 4))));
    snaps.add(writeDVs(t, Map.of(liveFile(t, 1L), new long[] {1})));
    for (var m : t.currentSnapshot().allManifests(t.io())) {
      if (!m.path().endsWith(".parquet")) {
        throw new IllegalStateException("expected Parquet manifests in format v4, got " + m.path());
      }
    }
    tables.put("format_v4", new LayoutTable("format_v4", dir.toString(), t, snaps, files(t, dir)));
  }

  private static int version(String metadataFile) {
    String n = metadataFile.substring(metadataFile.lastIndexOf('/') + 1);
    return Integer.parseInt(n.substring(1, n.indexOf('.')));
  }

  // ==============================================================================================================
  // Helpers

  private Table create(String name, Schema schema, PartitionSpec spec, Map<String, String> props) {
    return IcebergLayoutFiles.create(root.resolve("tables").resolve(name).toString(), schema, spec, props,
        Naming.HADOOP);
  }

  private void register(String name, Table t, List<Long> snaps) {
    Path dir = root.resolve("tables").resolve(name);
    tables.put(name, new LayoutTable(name, dir.toString(), t, List.copyOf(snaps), files(t, dir)));
  }

  private static Map<String, String> files(Table t, Path dir) {
    Map<String, String> f = new HashMap<>();
    f.put("dir", dir.toString());
    List<String> metadata = IcebergLayoutFiles.metadataFiles(t);
    for (int i = 0; i < metadata.size(); i++) {
      f.put("metadata" + i, metadata.get(i));
    }
    f.put("metadata", IcebergLayoutFiles.currentMetadataFile(t));
    return f;
  }

  /** A record of {@code type} with values in field order (Iceberg generic representation). */
  public static Record rec(Types.StructType type, Object... values) {
    if (values.length != type.fields().size()) {
      throw new IllegalArgumentException(values.length + " values for " + type);
    }
    GenericRecord r = GenericRecord.create(type);
    for (int i = 0; i < values.length; i++) {
      // Buffers are shared by the tuples of several tables: give each record its own position.
      r.set(i, values[i] instanceof ByteBuffer b ? b.duplicate() : values[i]);
    }
    return r;
  }

  public static Record rec(Schema schema, Object... values) {
    return rec(schema.asStruct(), values);
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static PartitionSpec identitySpec(Schema schema, List<String> columns) {
    PartitionSpec.Builder b = PartitionSpec.builderFor(schema);
    columns.forEach(b::identity);
    return b.build();
  }

  private static Set<Integer> ids(Schema schema, List<String> columns) {
    return columns.stream().map(c -> schema.findField(c).fieldId()).collect(Collectors.toSet());
  }

  private static StructLike partitionOf(PartitionSpec spec, Schema schema, Record row) {
    PartitionKey pk = new PartitionKey(spec, schema);
    pk.partition(new InternalRecordWrapper(schema.asStruct()).wrap(row));
    return pk.copy();
  }

  /**
   * Appends each group of rows (records of the table's current schema) as data files of the default spec, one file
   * per partition per group, leaving the top-level columns {@code omitted} out of the files; returns the snapshot.
   */
  @SafeVarargs
  private static long append(Table t, Set<Integer> omitted, List<Record>... groups) {
    Schema schema = t.schema();
    PartitionSpec spec = t.spec();
    Schema fileSchema = omitted.isEmpty() ? schema : TypeUtil.selectNot(schema, omitted);
    AppendFiles append = t.newAppend();
    for (List<Record> rows : groups) {
      Map<StructLike, List<Record>> byPartition = new LinkedHashMap<>();
      for (Record r : rows) {
        StructLike p = spec.isUnpartitioned() ? null : partitionOf(spec, schema, r);
        byPartition.computeIfAbsent(p, k -> new ArrayList<>()).add(project(r, fileSchema));
      }
      byPartition.forEach((p, rs) -> append.appendFile(IcebergLayoutFiles.writeData(t, fileSchema, spec, p, rs)));
    }
    append.commit();
    return t.currentSnapshot().snapshotId();
  }

  private static long appendFiles(Table t, DataFile... files) {
    AppendFiles append = t.newAppend();
    for (DataFile f : files) {
      append.appendFile(f);
    }
    append.commit();
    return t.currentSnapshot().snapshotId();
  }

  private static Record project(Record r, Schema fileSchema) {
    if (r.struct().fields().size() == fileSchema.columns().size()) {
      return r;
    }
    GenericRecord out = GenericRecord.create(fileSchema);
    for (Types.NestedField f : fileSchema.columns()) {
      out.setField(f.name(), r.getField(f.name()));
    }
    return out;
  }

  /** The live data file holding the row with this id (read with Iceberg's generic reader). */
  private static DataFile liveFile(Table t, long id) {
    try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        Schema projection = t.schema().select("id");
        try (CloseableIterable<Record> rows = Parquet.read(t.io().newInputFile(task.file().location()))
            .project(projection)
            .createReaderFunc(fs -> org.apache.iceberg.data.parquet.GenericParquetReaders.buildReader(projection, fs))
            .build()) {
          for (Record r : rows) {
            if (((Long) r.getField("id")) == id) {
              return task.file();
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no live file holds id " + id);
  }

  /** A Parquet position-delete file for {@code positions} of one data file. */
  private static DeleteFile positionDelete(Table t, DataFile file, long... positions) {
    PartitionSpec spec = t.specs().get(file.specId());
    OutputFile out = IcebergLayoutFiles.newDataFile(t, spec, file.partition(), "pos-deletes");
    try {
      PositionDeleteWriter<Record> w = Parquet.writeDeletes(out)
          .setAll(t.properties())
          .metricsConfig(MetricsConfig.forPositionDelete())
          .withSpec(spec)
          .withPartition(spec.isUnpartitioned() ? null : file.partition())
          .overwrite()
          .buildPositionWriter();
      try (w) {
        PositionDelete<Record> d = PositionDelete.create();
        for (long p : positions) {
          w.write(d.set(file.location(), p));
        }
      }
      return w.toDeleteFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An equality-delete file: rows of {@code rowSchema}, matched on {@code equalityIds}. */
  private static DeleteFile eqDelete(Table t, Schema rowSchema, int[] equalityIds, PartitionSpec spec,
      StructLike partition, List<Record> rows) {
    OutputFile out = IcebergLayoutFiles.newDataFile(t, spec, partition, "eq-deletes");
    try {
      EqualityDeleteWriter<Record> w = Parquet.writeDeletes(out)
          .forTable(t)
          .withSpec(spec)
          .withPartition(spec.isUnpartitioned() ? null : partition)
          .rowSchema(rowSchema)
          .createWriterFunc(GenericParquetWriter::create)
          .equalityFieldIds(equalityIds)
          .overwrite()
          .buildEqualityWriter();
      try (w) {
        rows.forEach(w::write);
      }
      return w.toDeleteFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long commitDeletes(Table t, DeleteFile... deletes) {
    RowDelta delta = t.newRowDelta();
    for (DeleteFile d : deletes) {
      delta.addDeletes(d);
    }
    delta.validateFromSnapshot(t.currentSnapshot().snapshotId()).commit();
    return t.currentSnapshot().snapshotId();
  }
}
