package io.lakehouse.bench;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.s3.FaultInjectingProxy;
import io.lakehouse.testing.s3.S3ProxyServer;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Object-storage read path: one Delta table queried through the driver from local disk, from S3 with a cold cache
 * (every data file downloaded) and from S3 with a warm cache, plus the bytes each query fetched from the store and
 * what a sparse (footer + needed column chunks) download would have needed. S3 is s3proxy in a child JVM on
 * loopback, behind a {@link FaultInjectingProxy} without faults that counts requests and bytes. See
 * bench/README.md.
 *
 * <p>Options (system properties): {@code files} (100), {@code rows} (2000000), {@code reps} (5). Argument: the
 * working directory (default target/bench-storage).
 */
public final class StorageBenchmark {
  static final int FILES = Integer.getInteger("files", 100);
  static final long ROWS = Long.getLong("rows", 2_000_000L);
  static final int REPS = Integer.getInteger("reps", 5);
  static final String TABLE = "events";
  static final String BUCKET = "bench";
  static final Instant TS0 = Instant.parse("2024-01-01T00:00:00Z");
  static final long POINT_ID = ROWS * 61 / 100 + 7;
  /** Bump when the generated data changes, so an old table is not reused. */
  static final String LAYOUT = "1";

  static final List<DeltaTestWriter.Col> COLUMNS = List.of(
      new DeltaTestWriter.Col("id", "bigint", false),
      DeltaTestWriter.Col.of("ts", "timestamp"),
      DeltaTestWriter.Col.of("category", "string"),
      DeltaTestWriter.Col.of("customer_id", "bigint"),
      DeltaTestWriter.Col.of("amount", "double"),
      DeltaTestWriter.Col.of("quantity", "int"),
      DeltaTestWriter.Col.of("status", "string"),
      DeltaTestWriter.Col.of("comment", "string"));
  static final String[] STATUSES = {"new", "paid", "shipped", "returned", "cancelled"};
  static final String[] WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike "
      + "november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu order parcel "
      + "invoice refund express standard priority fragile customer warehouse").split(" ");

  /** Name, SQL, and the columns DuckDB reads from each Parquet file (empty: row counts from the footer). */
  record Query(String name, String sql, List<String> columns, boolean point) { }

  static final List<Query> QUERIES = List.of(
      new Query("count(*)", "SELECT count(*) FROM " + TABLE, List.of(), false),
      new Query("sum(amount) by category",
          "SELECT category, sum(amount) FROM " + TABLE + " GROUP BY category", List.of("category", "amount"), false),
      new Query("point id = " + POINT_ID, "SELECT * FROM " + TABLE + " WHERE id = " + POINT_ID,
          COLUMNS.stream().map(DeltaTestWriter.Col::name).toList(), true));

  static final List<String> MODES = List.of("local", "s3 cold", "s3 sparse", "s3 warm");
  private static final Pattern PLANNED = Pattern.compile("(\\d+) files, (\\d+) bytes, .* planned in");

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "target/bench-storage").toAbsolutePath();
    Path tableDir = work.resolve("tables").resolve(TABLE);
    System.out.printf("work dir: %s; %d files, %,d rows, %d columns; %d repetitions%n", work, FILES, ROWS,
        COLUMNS.size(), REPS);
    ensureTable(work, tableDir);
    List<Path> dataFiles = dataFiles(tableDir);
    if (dataFiles.size() != FILES) {
      throw new IllegalStateException("expected " + FILES + " data files, found " + dataFiles.size());
    }
    long dataBytes = 0;
    for (Path f : dataFiles) {
      dataBytes += Files.size(f);
    }
    Needs needs = needs(dataFiles);

    try (S3ProxyServer s3 = S3ProxyServer.start()) {
      s3.createBucket(BUCKET);
      long t0 = System.nanoTime();
      List<String> keys = s3.uploadDirectory(tableDir, BUCKET, TABLE);
      System.out.printf("s3proxy up in %d ms; uploaded %d objects in %.1f s%n", s3.startupMillis(), keys.size(),
          (System.nanoTime() - t0) / 1e9);
      try (FaultInjectingProxy proxy = FaultInjectingProxy.start(s3)) {
        new Run(work, tableDir, s3, proxy, dataBytes, needs).run();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------- generation

  static void ensureTable(Path work, Path tableDir) throws IOException {
    Path marker = work.resolve("." + TABLE + ".properties");
    Properties wanted = new Properties();
    wanted.setProperty("files", Integer.toString(FILES));
    wanted.setProperty("rows", Long.toString(ROWS));
    wanted.setProperty("layout", LAYOUT);
    if (Files.exists(marker) && Files.isDirectory(tableDir)) {
      Properties found = new Properties();
      try (Reader r = Files.newBufferedReader(marker)) {
        found.load(r);
      }
      if (wanted.entrySet().stream().allMatch(e -> e.getValue().equals(found.get(e.getKey())))) {
        System.out.printf("reusing %s (generated in %s s)%n", tableDir, found.getProperty("seconds"));
        return;
      }
    }
    Files.deleteIfExists(marker);
    ScanBenchmark.deleteTree(tableDir);
    Files.createDirectories(tableDir.getParent());
    long start = System.nanoTime();
    DeltaTestWriter writer = DeltaTestWriter.create(tableDir, COLUMNS);
    long version = 0;
    for (int f = 0; f < FILES; f++) {
      version = writer.append(rowsOfFile(f));
      if (version % 10 == 0) { // Delta's default checkpoint interval
        writer.checkpoint();
      }
      if ((f + 1) % 20 == 0) {
        System.out.printf("  %d/%d files%n", f + 1, FILES);
      }
    }
    if (version % 10 != 0) {
      writer.checkpoint();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("generated %s in %.1f s%n", tableDir, seconds);
    wanted.setProperty("seconds", String.format("%.1f", seconds));
    try (Writer w = Files.newBufferedWriter(marker)) {
      wanted.store(w, "StorageBenchmark table parameters");
    }
  }

  /** File f holds the ids [f * ROWS / FILES, (f + 1) * ROWS / FILES): ids ascend across files. */
  static List<Object[]> rowsOfFile(int f) {
    long from = f * ROWS / FILES;
    long to = (f + 1) * ROWS / FILES;
    SplittableRandom r = new SplittableRandom(f);
    List<Object[]> rows = new ArrayList<>((int) (to - from));
    StringBuilder comment = new StringBuilder();
    for (long id = from; id < to; id++) {
      comment.setLength(0);
      int words = 3 + r.nextInt(6);
      for (int w = 0; w < words; w++) {
        comment.append(w == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
      }
      rows.add(new Object[] {id, TS0.plusSeconds(id), "category_" + r.nextInt(20), r.nextLong(1_000_000),
          Math.round(r.nextDouble() * 100_000) / 100.0, 1 + r.nextInt(20), STATUSES[r.nextInt(STATUSES.length)],
          comment.toString()});
    }
    return rows;
  }

  static List<Path> dataFiles(Path tableDir) throws IOException {
    try (Stream<Path> s = Files.walk(tableDir)) {
      return s.filter(p -> p.toString().endsWith(".parquet") && !tableDir.relativize(p).startsWith("_delta_log"))
          .sorted().toList();
    }
  }

  static long treeSize(Path p) throws IOException {
    if (!Files.exists(p)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(p)) {
      long total = 0;
      for (Path x : s.filter(Files::isRegularFile).toList()) {
        total += Files.size(x);
      }
      return total;
    }
  }

  // ---------------------------------------------------------------------------------------------- parquet needs

  /**
   * What DuckDB reads of the local files, from their Parquet metadata: per file the footer (the length in the last
   * 8 bytes, plus those 8) and per row group and column the compressed column chunk.
   */
  record Needs(Map<String, Long> footer, Map<String, Long> fileSize, List<Chunk> chunks) {
    /** Footer + chunks of {@code columns} in the row groups a query reads (point: whose id range holds it). */
    long bytes(Query q) {
      Map<String, Boolean> fileRead = new LinkedHashMap<>();
      Map<String, Boolean> groupRead = new LinkedHashMap<>();
      for (Chunk c : chunks) {
        if (c.column().equals("id")) {
          boolean read = !q.point() || (c.min() <= POINT_ID && POINT_ID <= c.max());
          groupRead.put(c.file() + "#" + c.rowGroup(), read);
          fileRead.merge(c.file(), read, Boolean::logicalOr);
        }
      }
      long total = 0;
      for (Map.Entry<String, Boolean> f : fileRead.entrySet()) {
        total += f.getValue() ? footer.get(f.getKey()) : 0;
      }
      for (Chunk c : chunks) {
        if (q.columns().contains(c.column()) && groupRead.get(c.file() + "#" + c.rowGroup())) {
          total += c.compressed();
        }
      }
      return total;
    }

    /** Bytes of the files a query reads at all: what a whole-file download fetches. */
    long wholeFiles(Query q) {
      Map<String, Boolean> fileRead = new LinkedHashMap<>();
      for (Chunk c : chunks) {
        if (c.column().equals("id")) {
          fileRead.merge(c.file(), !q.point() || (c.min() <= POINT_ID && POINT_ID <= c.max()), Boolean::logicalOr);
        }
      }
      return fileRead.entrySet().stream().filter(Map.Entry::getValue).mapToLong(e -> fileSize.get(e.getKey()))
          .sum();
    }

    long columnBytes(String column) {
      return chunks.stream().filter(c -> c.column().equals(column)).mapToLong(Chunk::compressed).sum();
    }

    int rowGroups() {
      return (int) chunks.stream().filter(c -> c.column().equals("id")).count();
    }
  }

  record Chunk(String file, int rowGroup, String column, long compressed, long min, long max) { }

  static Needs needs(List<Path> files) throws IOException, SQLException {
    Map<String, Long> footer = new TreeMap<>();
    Map<String, Long> size = new TreeMap<>();
    for (Path f : files) {
      try (FileChannel ch = FileChannel.open(f)) {
        ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(tail, ch.size() - 8);
        footer.put(f.toString(), tail.getInt(0) + 8L);
        size.put(f.toString(), ch.size());
      }
    }
    List<Chunk> chunks = new ArrayList<>();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery("SELECT file_name, row_group_id, path_in_schema, total_compressed_size, "
            + "TRY_CAST(stats_min_value AS BIGINT), TRY_CAST(stats_max_value AS BIGINT) FROM parquet_metadata("
            + files.stream().map(f -> "'" + f.toString().replace("'", "''") + "'").toList() + ")")) {
      while (rs.next()) {
        chunks.add(new Chunk(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
            rs.getLong(6)));
      }
    }
    return new Needs(footer, size, chunks);
  }

  // ---------------------------------------------------------------------------------------------- measurement

  static final class Run {
    final Path work;
    final Path tableDir;
    final S3ProxyServer s3;
    final FaultInjectingProxy proxy;
    final long dataBytes;
    final Needs needs;
    final Path secret;
    int catalogs;

    final Map<String, List<Double>> times = new LinkedHashMap<>();
    final Map<String, List<Long>> bytes = new LinkedHashMap<>();
    final Map<String, List<Long>> requests = new LinkedHashMap<>();
    final Map<String, String> requestKinds = new LinkedHashMap<>();
    final Map<String, List<Long>> cacheAfterCold = new LinkedHashMap<>();
    final Map<String, String> answers = new LinkedHashMap<>();

    Run(Path work, Path tableDir, S3ProxyServer s3, FaultInjectingProxy proxy, long dataBytes, Needs needs)
        throws IOException {
      this.work = work;
      this.tableDir = tableDir;
      this.s3 = s3;
      this.proxy = proxy;
      this.dataBytes = dataBytes;
      this.needs = needs;
      ScanBenchmark.deleteTree(work.resolve("catalogs")); // one catalog file per cold run: start empty
      Path catalogDir = Files.createDirectories(work.resolve("catalogs"));
      this.secret = catalogDir.resolve("s3.secret");
      Files.writeString(secret, s3.secretKey());
    }

    /** A catalog with the S3 table (through the counting proxy) and the given cache directory. */
    String s3Url(Path cacheDir) throws IOException {
      return s3Url(cacheDir, "whole");
    }

    /** @param mode the cache mode: whole (download data files whole) or sparse (footer + needed column chunks) */
    String s3Url(Path cacheDir, String mode) throws IOException {
      Path f = work.resolve("catalogs").resolve("s3-" + (catalogs++) + ".yaml");
      Files.writeString(f, "storage:\n"
          + "  bench: { type: s3, region: us-east-1, endpoint: '" + proxy.endpoint() + "', allow_http: true, "
          + "path_style: true, credentials: { type: static, access_key_id: " + s3.accessKey()
          + ", secret_access_key: '${file:" + secret + "}' } }\n"
          + "cache: { directory: '" + cacheDir + "', max_bytes: 100GB, mode: " + mode + " }\n"
          + "tables:\n"
          + "  " + TABLE + ": { format: delta, location: 's3://" + BUCKET + "/" + TABLE + "', storage: bench }\n");
      return "jdbc:lakehouse:" + f + "?result_cache=false";  // every query reads (no result-cache hits)
    }

    void run() throws Exception {
      Path warmCache = work.resolve("cache-warm");
      ScanBenchmark.deleteTree(warmCache);
      ScanBenchmark.deleteTree(work.resolve("cache-cold"));
      String warmUrl = s3Url(warmCache);
      try (Connection local = DriverManager.getConnection("jdbc:lakehouse:" + tableDir.getParent()
          + "?result_cache=false");
          Connection warm = DriverManager.getConnection(warmUrl)) {
        int cold = 0;
        for (int rep = -1; rep < REPS; rep++) { // rep -1: warm-up (JIT; fills the warm cache), not recorded
          // A new S3 connection and EXPLAIN with a cold cache: what planning alone costs against the store.
          Path cacheDir = work.resolve("cache-cold").resolve("explain-" + rep);
          String url = s3Url(cacheDir);
          settle();
          proxy.reset();
          long start = System.nanoTime();
          try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("EXPLAIN " + QUERIES.get(0).sql())) {
            while (rs.next()) {
              rs.getString(1);
            }
          }
          record(rep, "explain", System.nanoTime() - start);
          settle();
          recordTraffic(rep, "explain");
          ScanBenchmark.deleteTree(cacheDir);

          for (int qi = 0; qi < QUERIES.size(); qi++) {
            Query q = QUERIES.get(qi);
            for (int m = 0; m < MODES.size(); m++) {
              String mode = MODES.get((m + rep + 1 + qi) % MODES.size()); // rotate who goes first
              String key = q.name() + "|" + mode;
              String answer;
              switch (mode) {
                case "local" -> {
                  start = System.nanoTime();
                  answer = ScanBenchmark.answer(local, q.sql());
                  record(rep, key, System.nanoTime() - start);
                }
                case "s3 warm" -> {
                  settle();
                  proxy.reset();
                  start = System.nanoTime();
                  answer = ScanBenchmark.answer(warm, q.sql());
                  record(rep, key, System.nanoTime() - start);
                  settle();
                  recordTraffic(rep, key);
                }
                default -> {
                  cacheDir = work.resolve("cache-cold").resolve("run-" + (cold++));
                  try (Connection c = DriverManager.getConnection(s3Url(cacheDir,
                      mode.equals("s3 sparse") ? "sparse" : "whole"))) {
                    settle();
                    proxy.reset();
                    start = System.nanoTime();
                    answer = ScanBenchmark.answer(c, q.sql());
                    record(rep, key, System.nanoTime() - start);
                    settle();
                    recordTraffic(rep, key);
                  }
                  if (rep >= 0 && mode.equals("s3 cold")) {
                    cacheAfterCold.computeIfAbsent(q.name(), k -> new ArrayList<>()).add(treeSize(cacheDir));
                  }
                  ScanBenchmark.deleteTree(cacheDir);
                }
              }
              String first = answers.putIfAbsent(q.name(), answer);
              if (first != null && !first.equals(answer)) {
                throw new IllegalStateException(q.name() + ": " + mode + " answered " + answer + ", expected "
                    + first);
              }
            }
          }
          System.out.printf("  repetition %d/%d done%n", rep + 1, REPS);
        }
        report(warm);
      }
    }

    /** Waits until the proxy's byte counter stops moving (its pump threads count after writing to the client). */
    void settle() throws InterruptedException {
      long before;
      do {
        before = proxy.bytesToClients() + proxy.requestCount();
        Thread.sleep(20);
      } while (before != proxy.bytesToClients() + proxy.requestCount());
    }

    void record(int rep, String key, long nanos) {
      if (rep >= 0) {
        times.computeIfAbsent(key, k -> new ArrayList<>()).add(nanos / 1e6);
      }
    }

    void recordTraffic(int rep, String key) {
      if (rep < 0) {
        return;
      }
      bytes.computeIfAbsent(key, k -> new ArrayList<>()).add(proxy.bytesToClients());
      requests.computeIfAbsent(key, k -> new ArrayList<>()).add((long) proxy.requestCount());
      Map<String, Integer> kinds = new TreeMap<>();
      for (FaultInjectingProxy.Request r : proxy.requests()) {
        boolean get = r.method().equals("GET");
        String kind = get && (r.target().contains("list-type") || r.target().contains("prefix=")) ? "LIST"
            : get && r.range() != null ? "GET range"
            : get && r.target().contains("/_delta_log/") ? "GET log"
            : get && r.target().endsWith(".parquet") ? "GET data" : r.method();
        kinds.merge(kind, 1, Integer::sum);
      }
      requestKinds.put(key, kinds.toString().replace("{", "").replace("}", ""));
    }

    void report(Connection warm) throws SQLException {
      System.out.printf("%nmedian (min) ms over %d repetitions; %d files, %,d rows, %d columns; table data %s "
          + "(%s per file, %d row groups); %d cores%n", REPS, FILES, ROWS, COLUMNS.size(), mb(dataBytes),
          mb(dataBytes / FILES), needs.rowGroups(), Runtime.getRuntime().availableProcessors());
      System.out.printf("EXPLAIN count(*) on a new S3 connection, cold cache: %s ms, %s in %s requests (%s)%n",
          stat(times.get("explain")), mb(median(bytes.get("explain"))), median(requests.get("explain")),
          requestKinds.get("explain"));
      System.out.printf("%n  %-28s %17s %17s %17s %17s %10s %10s %10s%n", "query", "local", "s3 cold",
          "s3 cold sparse", "s3 warm", "cold/local", "sparse/lcl", "warm/local");
      for (Query q : QUERIES) {
        List<Double> l = times.get(q.name() + "|local");
        List<Double> c = times.get(q.name() + "|s3 cold");
        List<Double> w = times.get(q.name() + "|s3 warm");
        List<Double> sp = times.get(q.name() + "|s3 sparse");
        System.out.printf("  %-28s %17s %17s %17s %17s %9.1fx %9.1fx %9.1fx%n", q.name(), stat(l), stat(c),
            stat(sp), stat(w), medianD(c) / medianD(l), medianD(sp) / medianD(l), medianD(w) / medianD(l));
      }
      System.out.printf("%n  bytes from the store per query (median; table data %s):%n", mb(dataBytes));
      for (Query q : QUERIES) {
        String c = q.name() + "|s3 cold";
        String w = q.name() + "|s3 warm";
        long planned = plannedBytes(warm, q.sql());
        long coldBytes = median(bytes.get(c));
        System.out.printf("  %-28s cold %s (%.2fx table data) = planned data files %s + metadata and HTTP %s; "
            + "%d req (%s), %.0f MB/s at the median time; cache after cold %s%n", q.name(), mb(coldBytes),
            (double) coldBytes / dataBytes, mb(planned), mb(coldBytes - planned), median(requests.get(c)),
            requestKinds.get(c), coldBytes / 1e3 / medianD(times.get(c)),
            mb(median(cacheAfterCold.get(q.name()))));
        System.out.printf("  %-28s warm %s in %d req (%s)%n", "", mb(median(bytes.get(w))),
            median(requests.get(w)), requestKinds.get(w));
        String sp = q.name() + "|s3 sparse";
        System.out.printf("  %-28s cold sparse %s in %d req (%s)%n", "", mb(median(bytes.get(sp))),
            median(requests.get(sp)), requestKinds.get(sp));
      }
      System.out.printf("%n  sparse download (footer + needed column chunks, from parquet_metadata) vs whole "
          + "files:%n");
      for (Query q : QUERIES) {
        long need = needs.bytes(q);
        long whole = needs.wholeFiles(q);
        System.out.printf("  %-28s needs %s of %s whole-file bytes (%.1f%%, %.1fx less)%n", q.name(), mb(need),
            mb(whole), 100.0 * need / whole, (double) whole / need);
      }
      long footers = needs.footer().values().stream().mapToLong(Long::longValue).sum();
      StringBuilder perColumn = new StringBuilder();
      for (DeltaTestWriter.Col col : COLUMNS) {
        perColumn.append(perColumn.length() == 0 ? "" : ", ").append(col.name()).append(' ')
            .append(String.format("%.1f%%", 100.0 * needs.columnBytes(col.name()) / dataBytes));
      }
      System.out.printf("  share of data per column: %s; footers %.2f%%%n", perColumn,
          100.0 * footers / dataBytes);
      Query twoCol = QUERIES.get(1);
      long need = needs.bytes(twoCol);
      System.out.printf("%nconclusion: a 2-of-%d-column query (%s) needs %s per file (footer %s + 2 column chunks) "
          + "of the %s that whole-file download fetches, %.1f%% of each file; a sparse download would fetch %s "
          + "instead of %s for the table (%.1fx less, saving %.0f%%), at the cost of ~3 ranged GETs per file "
          + "(tail + 2 chunks) instead of 1 GET.%n",
          COLUMNS.size(), twoCol.name(), kb(need / FILES), kb(footers / FILES), kb(dataBytes / FILES),
          100.0 * need / dataBytes, mb(need), mb(dataBytes), (double) dataBytes / need,
          100.0 - 100.0 * need / dataBytes);
    }

    /** Bytes of the files the driver plans for a query (EXPLAIN): what whole-file download fetches. */
    long plannedBytes(Connection c, String sql) throws SQLException {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
        while (rs.next()) {
          Matcher m = PLANNED.matcher(rs.getString(1));
          if (m.find()) {
            return Long.parseLong(m.group(2));
          }
        }
      }
      return -1;
    }
  }

  static String stat(List<Double> xs) {
    return String.format("%7.1f (%6.1f)", medianD(xs), xs.stream().mapToDouble(Double::doubleValue).min()
        .orElse(0));
  }

  static double medianD(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  static long median(List<Long> xs) {
    long[] a = xs.stream().mapToLong(Long::longValue).sorted().toArray();
    return a[a.length / 2];
  }

  static String mb(long bytes) {
    return bytes < 1_000_000 ? kb(bytes) : String.format("%.1f MB", bytes / 1e6);
  }

  static String kb(long bytes) {
    return String.format("%.1f KB", bytes / 1e3);
  }
}
