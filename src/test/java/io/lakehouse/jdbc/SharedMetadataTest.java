package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.conformance.IcebergReference;
import io.lakehouse.table.TableStats;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.IcebergTestWriter;
import io.lakehouse.testing.SqlAssert;
import io.lakehouse.SqlState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Freshness and sharing of table metadata, through the driver: a commit by another writer (Delta Kernel, Iceberg
 * core) between two queries of one long-lived connection is seen by the next query; an unchanged table costs one
 * freshness request and no read; connections of one catalog share snapshots and plans; {@code
 * metadata_max_staleness} trades freshness for no storage request at all; time travel to a loaded version needs no
 * request. Request counts are the shared tables' own {@link TableStats} (every metadata request of the formats goes
 * through it); expected row counts come from the writers' own readers.
 */
class SharedMetadataTest {
  @TempDir
  Path dir;

  private static final List<DeltaTestWriter.Col> COLUMNS = List.of(DeltaTestWriter.Col.of("id", "long"),
      DeltaTestWriter.Col.of("name", "string"));
  private static final Schema SCHEMA = new Schema(Types.NestedField.optional(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "name", Types.StringType.get()));

  @Test
  void deltaCommitBetweenQueriesIsSeenAndAnUnchangedTableCostsOneListing() throws Exception {
    DeltaTestWriter w = DeltaTestWriter.create(dir.resolve("t"), COLUMNS);
    w.append(new Object[] {1L, "a"}, new Object[] {2L, "b"});
    try (Connection c = connect("")) {
      assertEquals(deltaRows(w), count(c, "t"));
      TableStats before = stats(c);
      assertEquals(deltaRows(w), count(c, "t"));
      TableStats unchanged = stats(c).minus(before);
      assertEquals(1, unchanged.listings(), unchanged.toString());
      assertEquals(0, unchanged.reads() + unchanged.probes(), unchanged.toString());

      long v2 = w.append(new Object[] {3L, "c"});
      assertEquals(3, deltaRows(w));
      assertEquals(deltaRows(w), count(c, "t"));
      // The newer commit was loaded by version; timestamp time travel resolves against it as the latest.
      Instant later = Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
      w.setCommitTime(v2, later);
      assertEquals(deltaRows(w), count(c, "t"));
      assertEquals(w.readRows(v2).size(), count(c, "t FOR TIMESTAMP AS OF TIMESTAMP '" + local(later) + "'"));
      assertEquals(w.readRows(v2 - 1).size(), count(c, "t FOR TIMESTAMP AS OF TIMESTAMP '"
          + local(later.minusSeconds(1)) + "'"));
    }
  }

  @Test
  void icebergCommitBetweenQueriesIsSeenAndAnUnchangedTableCostsTheHintAndOneProbe() throws Exception {
    IcebergTestWriter w = IcebergTestWriter.create(dir.resolve("t"), SCHEMA);
    w.append(new Object[] {1L, "a"}, new Object[] {2L, "b"});
    try (Connection c = connect("")) {
      assertEquals(icebergRows(dir.resolve("t")), count(c, "t"));
      TableStats before = stats(c);
      assertEquals(icebergRows(dir.resolve("t")), count(c, "t"));
      TableStats unchanged = stats(c).minus(before);
      assertEquals(0, unchanged.listings(), unchanged.toString());
      assertEquals(1, unchanged.reads(), unchanged.toString());
      assertEquals(1, unchanged.probes(), unchanged.toString());

      w.append(new Object[] {3L, "c"});
      assertEquals(3, icebergRows(dir.resolve("t")));
      assertEquals(icebergRows(dir.resolve("t")), count(c, "t"));
    }
  }

  @Test
  void icebergCommitIsSeenWithoutAVersionHint() throws Exception {
    IcebergTestWriter w = IcebergTestWriter.create(dir.resolve("t"), SCHEMA);
    w.append(new Object[] {1L, "a"});
    // Tables of catalogs other than Hadoop's have no hint: the newest metadata file is found by listing. (The
    // Hadoop-layout writer itself needs the hint, so it is put back for its commit and removed again after it.)
    Path hint = dir.resolve("t/metadata/version-hint.text");
    String hinted = Files.readString(hint);
    Files.delete(hint);
    try (Connection c = connect("")) {
      assertEquals(1, count(c, "t"));
      Files.writeString(hint, hinted);
      w.append(new Object[] {2L, "b"});
      Files.delete(hint);
      assertEquals(IcebergReference.read(w.table(), null, null).records().size(), count(c, "t"));
      assertEquals(2, count(c, "t"));
    }
  }

  @Test
  void twoConnectionsShareSnapshotsAndPlans() throws Exception {
    DeltaTestWriter.create(dir.resolve("d"), COLUMNS).append(new Object[] {1L, "a"});
    IcebergTestWriter.create(dir.resolve("i"), SCHEMA).append(new Object[] {1L, "a"});
    try (Connection first = connect("")) {
      assertEquals(1, count(first, "d"));
      assertEquals(1, count(first, "i"));
      TableStats before = stats(first);
      try (Connection second = connect("")) {
        assertEquals(1, count(second, "d"));
        assertEquals(1, count(second, "i"));
        TableStats used = stats(second).minus(before);
        // Only the freshness checks: no commit, checkpoint, metadata file or manifest read again.
        assertEquals(1, used.listings(), used.toString());
        assertEquals(1, used.reads(), "the version hint only: " + used);
      }
    }
    // The scope outlives its connections (bounded): a later connection still finds it.
    try (Connection later = connect("")) {
      TableStats before = stats(later);
      assertEquals(1, count(later, "d"));
      assertEquals(0, stats(later).minus(before).reads());
    }
  }

  @Test
  void withinMaxStalenessNoRequestIsMadeAndCommitsAreSeenAfterIt() throws Exception {
    DeltaTestWriter w = DeltaTestWriter.create(dir.resolve("t"), COLUMNS);
    w.append(new Object[] {1L, "a"});
    long window = 8_000;
    try (Connection c = connect("?metadata_max_staleness=" + window + "ms")) {
      long checked = System.nanoTime();
      assertEquals(1, count(c, "t"));
      w.append(new Object[] {2L, "b"});
      TableStats before = stats(c);
      long stale = count(c, "t");
      TableStats used = stats(c).minus(before);
      long elapsedMs = (System.nanoTime() - checked) / 1_000_000;
      assertTrue(elapsedMs < window, "the machine was too slow for the window: " + elapsedMs + " ms");
      assertEquals(1, stale, "within the window the cached snapshot is read");
      assertEquals(0, used.requests(), used.toString());

      Thread.sleep(window - elapsedMs + 50);
      assertEquals(deltaRows(w), count(c, "t"));
      assertEquals(2, count(c, "t"));
    }
    // Another connection of the same catalog without the setting checks on every query.
    w.append(new Object[] {3L, "c"});
    try (Connection strict = connect("")) {
      assertEquals(3, count(strict, "t"));
    }
  }

  @Test
  void timeTravelIsUnaffectedAndAPinnedVersionNeedsNoRequest() throws Exception {
    DeltaTestWriter w = DeltaTestWriter.create(dir.resolve("d"), COLUMNS);
    long v1 = w.append(new Object[] {1L, "a"});
    w.append(new Object[] {2L, "b"});
    IcebergTestWriter iw = IcebergTestWriter.create(dir.resolve("i"), SCHEMA);
    long s1 = iw.append(new Object[] {1L, "a"});
    iw.append(new Object[] {2L, "b"});
    try (Connection c = connect("?metadata_max_staleness=1h")) {
      assertEquals(2, count(c, "d"));
      assertEquals(2, count(c, "i"));
      assertEquals(w.readRows(v1).size(), count(c, "d FOR VERSION AS OF " + v1));
      assertEquals(1, count(c, "i FOR VERSION AS OF " + s1));
      TableStats before = stats(c);
      assertEquals(1, count(c, "d FOR VERSION AS OF " + v1));
      assertEquals(1, count(c, "i FOR VERSION AS OF " + s1));
      assertEquals(0, stats(c).minus(before).requests(), stats(c).minus(before).toString());
      // A version that does not exist is still refused (22023), window or not.
      SqlAssert.assertState(SqlState.INVALID_ARGUMENT, () -> count(c, "d FOR VERSION AS OF 99"));
    }
  }

  @Test
  void invalidStalenessFailsTheConnection() {
    SqlAssert.assertState(SqlState.CONNECTION_FAILED, () -> connect("?metadata_max_staleness=soon").close());
    SqlAssert.assertState(SqlState.CONNECTION_FAILED, () -> connect("?metadata_max_staleness=5").close());
  }

  private Connection connect(String query) throws SQLException {
    return DriverManager.getConnection("jdbc:lakehouse:" + dir + query);
  }

  private static TableStats stats(Connection c) {
    return ((LakehouseConnection) c).registry().stats();
  }

  private static long count(Connection c, String from) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + from)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** A TIMESTAMP literal in the connection's zone (the JVM's by default). */
  private static String local(Instant t) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(t.atZone(ZoneId.systemDefault()));
  }

  private static long deltaRows(DeltaTestWriter w) {
    return w.readRows(w.latestVersion()).size();
  }

  private static long icebergRows(Path table) {
    return IcebergReference.read(IcebergTestWriter.open(table).table(), null, null).records().size();
  }
}
