package io.lakehouse.testing;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.transaction.DataLayoutSpec;
import io.delta.kernel.types.*;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.delta.kernel.utils.FileStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.*;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes real Delta tables with the reference library (Delta Kernel 4.4.0, default engine over local files).
 *
 * <p>Version 0 is the CREATE commit with metadata only (no data files); every {@link #append} is one more commit.
 * Commit timestamps are the mtimes of {@code _delta_log/<version>.json} (no in-commit timestamps), so tests pin them
 * with {@link #setCommitTime}. Kernel cannot write deletion vectors or append to column-mapping tables: use the
 * Spark fixtures for those.
 *
 * <p>Java values per type: boolean→Boolean, byte→Byte, short→Short, int→Integer, long→Long, float→Float,
 * double→Double, decimal(p,s)→BigDecimal (rescaled, never rounded), string→String, binary→byte[], date→LocalDate,
 * timestamp→Instant, timestamp_ntz→LocalDateTime; null anywhere a column is nullable.
 */
public final class DeltaTestWriter {

  /** One column: {@code type} is a Delta/Spark type name, e.g. {@code "int"}, {@code "decimal(10,2)"}. */
  public record Col(String name, String type, boolean nullable) {
    public static Col of(String name, String type) { return new Col(name, type, true); }
  }

  static final String ENGINE_INFO = "lakehouse-jdbc-tests";

  private final Path tableDir;
  private final String tablePath;   // "file:/abs/dir": the table path handed to Kernel
  private final Engine engine;

  private DeltaTestWriter(Path tableDir) {
    this.tableDir = tableDir.toAbsolutePath();
    this.tablePath = LocalKernelFileIO.toUri(this.tableDir);
    // Not DefaultEngine.create(hadoopConf): see LocalKernelFileIO for why Hadoop's FileSystem is avoided.
    this.engine = DefaultEngine.create(new LocalKernelFileIO());
  }

  /** Creates the table (version 0, schema + partitioning, no data). */
  public static DeltaTestWriter create(Path tableDir, List<Col> columns, List<String> partitionColumns) {
    return create(tableDir, columns, partitionColumns, Map.of());
  }

  /**
   * Creates the table with table properties (e.g. {@code delta.enableDeletionVectors=true}, which makes Kernel add
   * the table feature to the protocol).
   */
  public static DeltaTestWriter create(Path tableDir, List<Col> columns, List<String> partitionColumns,
      Map<String, String> tableProperties) {
    DeltaTestWriter w = new DeltaTestWriter(tableDir);
    StructType schema = new StructType();
    for (Col c : columns) schema = schema.add(c.name(), parseType(c.type()), c.nullable());
    DataLayoutSpec layout = partitionColumns.isEmpty()
        ? DataLayoutSpec.noDataLayout()
        : DataLayoutSpec.partitioned(partitionColumns.stream().map(Column::new).toList());
    Transaction txn = TableManager.buildCreateTableTransaction(w.tablePath, schema, ENGINE_INFO)
        .withDataLayoutSpec(layout)
        .withTableProperties(tableProperties)
        .build(w.engine);
    commit(w.engine, txn, List.of());
    return w;
  }

  public static DeltaTestWriter create(Path tableDir, List<Col> columns) {
    return create(tableDir, columns, List.of());
  }

  /** Opens an existing table (e.g. to append more versions later). */
  public static DeltaTestWriter open(Path tableDir) { return new DeltaTestWriter(tableDir); }

  public Path tableDir() { return tableDir; }

  /** The table path as given to Kernel ({@code file:/abs/dir}). */
  public String tablePath() { return tablePath; }

  /** The Kernel engine the writer uses (local files, no Hadoop FileSystem); handy for reading in tests. */
  public Engine engine() { return engine; }

  public Snapshot snapshot() { return TableManager.loadSnapshot(tablePath).build(engine); }

  public long latestVersion() { return snapshot().getVersion(); }

  /**
   * Appends {@code rows} (values in table column order) as ONE commit and returns its version. Partitioned tables:
   * rows are grouped by partition values, one data file per partition (Kernel puts it under {@code col=value/}).
   */
  public long append(List<Object[]> rows) {
    return appendPlaced(rows, null);
  }

  /**
   * Like {@link #append}, but each data file Kernel wrote is then moved to {@code placer.apply(writtenFile)} and
   * committed under that path (given to Kernel as {@code file:} + the path, not normalized): hostile file names,
   * {@code ..} segments, files outside the table root. The moved file's size and Kernel's statistics are kept.
   */
  public long appendPlaced(List<Object[]> rows, java.util.function.UnaryOperator<Path> placer) {
    Snapshot snap = snapshot();
    StructType schema = snap.getSchema();
    List<String> partCols = snap.getPartitionColumnNames();
    Transaction txn = snap.buildUpdateTableTransaction(ENGINE_INFO, Operation.WRITE).build(engine);
    Row txnState = txn.getTransactionState(engine);

    // Normalize values once (Instant→micros, LocalDate→days, ...), then group by partition tuple.
    Map<List<Object>, List<Object[]>> groups = new LinkedHashMap<>();
    for (Object[] row : rows) {
      if (row.length != schema.length()) {
        throw new IllegalArgumentException("row has " + row.length + " values, table has " + schema.length());
      }
      Object[] n = new Object[row.length];
      for (int i = 0; i < row.length; i++) n[i] = normalize(schema.at(i).getDataType(), row[i]);
      List<Object> key = new ArrayList<>();
      for (String p : partCols) key.add(n[indexOfIgnoreCase(schema, p)]);
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(n);
    }

    List<Row> actions = new ArrayList<>();
    try {
      for (Map.Entry<List<Object>, List<Object[]>> g : groups.entrySet()) {
        Map<String, Literal> partValues = new HashMap<>();
        for (int i = 0; i < partCols.size(); i++) {
          DataType t = schema.at(indexOfIgnoreCase(schema, partCols.get(i))).getDataType();
          partValues.put(partCols.get(i), literal(t, g.getKey().get(i)));
        }
        ColumnarBatch batch = ArrayBatch.of(schema, g.getValue());
        // Kernel drops partition columns (and would apply column mapping) when going logical -> physical.
        CloseableIterator<FilteredColumnarBatch> physical = Transaction.transformLogicalData(
            engine, txnState, iter(List.of(new FilteredColumnarBatch(batch, Optional.empty()))), partValues);
        DataWriteContext ctx = Transaction.getWriteContext(engine, txnState, partValues);
        CloseableIterator<DataFileStatus> files = engine.getParquetHandler()
            .writeParquetFiles(ctx.getTargetDirectory(), physical, ctx.getStatisticsColumns());
        if (placer != null) {
          List<DataFileStatus> moved = new ArrayList<>();
          while (files.hasNext()) {
            DataFileStatus f = files.next();
            Path written = LocalKernelFileIO.toPath(f.getPath());
            Path target = placer.apply(written);
            Files.createDirectories(target.toAbsolutePath().normalize().getParent());
            Files.move(written, target.toAbsolutePath().normalize());
            moved.add(new DataFileStatus(LocalKernelFileIO.toUri(target), f.getSize(), f.getModificationTime(),
                f.getStatistics()));
          }
          files.close();
          files = iter(moved);
        }
        Transaction.generateAppendActions(engine, txnState, files, ctx).forEachRemaining(actions::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return commit(engine, txn, actions);
  }

  /** Varargs form; also sidesteps {@code List.of(new Object[]{...})} inferring {@code List<Object>}. */
  public long append(Object[]... rows) { return append(Arrays.asList(rows)); }

  /** Writes a classic (single-file Parquet) checkpoint at the latest version plus {@code _last_checkpoint}. */
  public void checkpoint() {
    try {
      snapshot().writeCheckpoint(engine);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Pins the commit timestamp of {@code version} by setting the mtime of its log file. Keep times increasing with
   * the version: timestamp time travel (Kernel, Spark) assumes commit times grow with the version.
   */
  public void setCommitTime(long version, Instant t) {
    try {
      Files.setLastModifiedTime(commitFile(version), FileTime.from(t));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path commitFile(long version) {
    return tableDir.resolve("_delta_log").resolve(String.format("%020d.json", version));
  }

  /**
   * Reads all rows of {@code version} back with Kernel's own read path (oracle for driver tests), as Java values of
   * the same kinds {@link #append} accepts, in table column order. Order across files is Kernel's scan order.
   */
  public List<Object[]> readRows(long version) {
    Snapshot snap = TableManager.loadSnapshot(tablePath).atVersion(version).build(engine);
    Scan scan = snap.getScanBuilder().build();
    Row scanState = scan.getScanState(engine);
    // internal, pinned to 4.4.0: the public API has no "read this scan file" helper
    StructType physicalSchema = ScanStateRow.getPhysicalDataReadSchema(scanState);
    List<Object[]> out = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
      while (scanFiles.hasNext()) {
        try (CloseableIterator<Row> fileRows = scanFiles.next().getRows()) {
          while (fileRows.hasNext()) {
            Row fileRow = fileRows.next();
            FileStatus status = InternalScanFileUtils.getAddFileStatus(fileRow);
            CloseableIterator<ColumnarBatch> physical = engine.getParquetHandler()
                .readParquetFiles(iter(List.of(status)), physicalSchema, Optional.empty())
                .map(FileReadResult::getData);
            try (CloseableIterator<FilteredColumnarBatch> data =
                     Scan.transformPhysicalData(engine, scanState, fileRow, physical)) {
              while (data.hasNext()) collect(data.next(), out);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static void collect(FilteredColumnarBatch fb, List<Object[]> out) {
    ColumnarBatch b = fb.getData();
    Optional<ColumnVector> sel = fb.getSelectionVector();
    for (int r = 0; r < b.getSize(); r++) {
      if (sel.isPresent() && (sel.get().isNullAt(r) || !sel.get().getBoolean(r))) continue;
      Object[] row = new Object[b.getSchema().length()];
      for (int c = 0; c < row.length; c++) row[c] = javaValue(b.getColumnVector(c), r);
      out.add(row);
    }
  }

  private static Object javaValue(ColumnVector v, int i) {
    if (v.isNullAt(i)) return null;
    DataType t = v.getDataType();
    if (t instanceof BooleanType) return v.getBoolean(i);
    if (t instanceof ByteType) return v.getByte(i);
    if (t instanceof ShortType) return v.getShort(i);
    if (t instanceof IntegerType) return v.getInt(i);
    if (t instanceof LongType) return v.getLong(i);
    if (t instanceof FloatType) return v.getFloat(i);
    if (t instanceof DoubleType) return v.getDouble(i);
    if (t instanceof DecimalType) return v.getDecimal(i);
    if (t instanceof StringType) return v.getString(i);
    if (t instanceof BinaryType) return v.getBinary(i);
    if (t instanceof DateType) return LocalDate.ofEpochDay(v.getInt(i));
    if (t instanceof TimestampType) return fromMicros(v.getLong(i));
    if (t instanceof TimestampNTZType) return LocalDateTime.ofInstant(fromMicros(v.getLong(i)), ZoneOffset.UTC);
    throw new IllegalArgumentException("unsupported type " + t);
  }

  private static Instant fromMicros(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static long commit(Engine engine, Transaction txn, List<Row> actions) {
    // Post-commit hooks (checksum, auto checkpoint every 10 commits, ...) are deliberately NOT run: table layout
    // stays predictable and checkpoints only appear where a test asks for them.
    return txn.commit(engine, CloseableIterable.inMemoryIterable(iter(actions))).getVersion();
  }

  private static int indexOfIgnoreCase(StructType schema, String name) {
    for (int i = 0; i < schema.length(); i++) if (schema.at(i).getName().equalsIgnoreCase(name)) return i;
    throw new IllegalArgumentException("no column " + name);
  }

  private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),\\s*(\\d+)\\)");

  static DataType parseType(String type) {
    String t = type.trim().toLowerCase(Locale.ROOT);
    Matcher m = DECIMAL.matcher(t);
    if (m.matches()) return new DecimalType(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    return switch (t) {
      case "boolean" -> BooleanType.BOOLEAN;
      case "byte", "tinyint" -> ByteType.BYTE;
      case "short", "smallint" -> ShortType.SHORT;
      case "int", "integer" -> IntegerType.INTEGER;
      case "long", "bigint" -> LongType.LONG;
      case "float" -> FloatType.FLOAT;
      case "double" -> DoubleType.DOUBLE;
      case "string" -> StringType.STRING;
      case "binary" -> BinaryType.BINARY;
      case "date" -> DateType.DATE;
      case "timestamp" -> TimestampType.TIMESTAMP;
      case "timestamp_ntz" -> TimestampNTZType.TIMESTAMP_NTZ;
      default -> throw new IllegalArgumentException("unsupported type " + type);
    };
  }

  /** Java test value -> the representation Kernel's ColumnVector getters return. */
  private static Object normalize(DataType t, Object v) {
    if (v == null) return null;
    if (t instanceof DateType) return (int) ((LocalDate) v).toEpochDay();
    if (t instanceof TimestampType) return micros((Instant) v);
    if (t instanceof TimestampNTZType) return micros(((LocalDateTime) v).toInstant(ZoneOffset.UTC));
    if (t instanceof DecimalType d) return ((BigDecimal) v).setScale(d.getScale(), RoundingMode.UNNECESSARY);
    if (t instanceof ByteType) return ((Number) v).byteValue();
    if (t instanceof ShortType) return ((Number) v).shortValue();
    if (t instanceof IntegerType) return ((Number) v).intValue();
    if (t instanceof LongType) return ((Number) v).longValue();
    if (t instanceof FloatType) return ((Number) v).floatValue();
    if (t instanceof DoubleType) return ((Number) v).doubleValue();
    return v; // Boolean, String, byte[]
  }

  private static long micros(Instant i) {
    return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000);
  }

  /** Normalized value -> partition literal (Kernel serializes it into the add action's partitionValues). */
  private static Literal literal(DataType t, Object v) {
    if (v == null) return Literal.ofNull(t);
    if (t instanceof BooleanType) return Literal.ofBoolean((Boolean) v);
    if (t instanceof ByteType) return Literal.ofByte((Byte) v);
    if (t instanceof ShortType) return Literal.ofShort((Short) v);
    if (t instanceof IntegerType) return Literal.ofInt((Integer) v);
    if (t instanceof LongType) return Literal.ofLong((Long) v);
    if (t instanceof FloatType) return Literal.ofFloat((Float) v);
    if (t instanceof DoubleType) return Literal.ofDouble((Double) v);
    if (t instanceof DecimalType d) return Literal.ofDecimal((BigDecimal) v, d.getPrecision(), d.getScale());
    if (t instanceof StringType) return Literal.ofString((String) v);
    if (t instanceof BinaryType) return Literal.ofBinary((byte[]) v);
    if (t instanceof DateType) return Literal.ofDate((Integer) v);
    if (t instanceof TimestampType) return Literal.ofTimestamp((Long) v);
    if (t instanceof TimestampNTZType) return Literal.ofTimestampNtz((Long) v);
    throw new IllegalArgumentException("unsupported partition type " + t);
  }

  static <T> CloseableIterator<T> iter(List<T> list) {
    Iterator<T> it = list.iterator();
    return new CloseableIterator<>() {
      @Override public boolean hasNext() { return it.hasNext(); }
      @Override public T next() { return it.next(); }
      @Override public void close() { }
    };
  }

  /**
   * A tiny columnar batch over already-normalized Java rows. Own implementation instead of Kernel's internal
   * DefaultColumnarBatch: only public API, and transformLogicalData needs withDeletedColumnAt (partition columns).
   */
  private record ArrayBatch(StructType schema, List<ColumnVector> vectors, int size) implements ColumnarBatch {
    static ArrayBatch of(StructType schema, List<Object[]> rows) {
      List<ColumnVector> vs = new ArrayList<>();
      for (int c = 0; c < schema.length(); c++) {
        Object[] col = new Object[rows.size()];
        for (int r = 0; r < rows.size(); r++) col[r] = rows.get(r)[c];
        vs.add(new ArrayVector(schema.at(c).getDataType(), col));
      }
      return new ArrayBatch(schema, vs, rows.size());
    }

    @Override public StructType getSchema() { return schema; }
    @Override public ColumnVector getColumnVector(int ordinal) { return vectors.get(ordinal); }
    @Override public int getSize() { return size; }

    @Override public ColumnarBatch withDeletedColumnAt(int ordinal) {
      List<StructField> fs = new ArrayList<>(schema.fields());
      List<ColumnVector> vs = new ArrayList<>(vectors);
      fs.remove(ordinal);
      vs.remove(ordinal);
      return new ArrayBatch(new StructType(fs), vs, size);
    }

    @Override public ColumnarBatch withNewColumn(int ordinal, StructField field, ColumnVector vector) {
      List<StructField> fs = new ArrayList<>(schema.fields());
      List<ColumnVector> vs = new ArrayList<>(vectors);
      fs.add(ordinal, field);
      vs.add(ordinal, vector);
      return new ArrayBatch(new StructType(fs), vs, size);
    }

    @Override public ColumnarBatch withNewSchema(StructType newSchema) { return new ArrayBatch(newSchema, vectors, size); }
  }

  /** Values are pre-normalized, so each getter is a cast; a wrong getter for the type fails with ClassCastException. */
  private record ArrayVector(DataType type, Object[] values) implements ColumnVector {
    @Override public DataType getDataType() { return type; }
    @Override public int getSize() { return values.length; }
    @Override public void close() { }
    @Override public boolean isNullAt(int i) { return values[i] == null; }
    @Override public boolean getBoolean(int i) { return (Boolean) values[i]; }
    @Override public byte getByte(int i) { return (Byte) values[i]; }
    @Override public short getShort(int i) { return (Short) values[i]; }
    @Override public int getInt(int i) { return (Integer) values[i]; }
    @Override public long getLong(int i) { return (Long) values[i]; }
    @Override public float getFloat(int i) { return (Float) values[i]; }
    @Override public double getDouble(int i) { return (Double) values[i]; }
    @Override public byte[] getBinary(int i) { return (byte[]) values[i]; }
    @Override public String getString(int i) { return (String) values[i]; }
    @Override public BigDecimal getDecimal(int i) { return (BigDecimal) values[i]; }
  }
}
