package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a statement exposes to progress displays: the tables, files and bytes its execution planned. */
class StatementProgressTest {
  @TempDir
  Path dir;

  @Test
  void plannedFilesAndBytesAreTheTablesLiveFiles() throws Exception {
    DeltaTestWriter t = DeltaTestWriter.create(dir.resolve("lake/t"), List.of(Col.of("id", "long")));
    t.append(new Object[] {1L}, new Object[] {2L});
    t.append(new Object[] {3L});
    t.append(new Object[] {4L});
    // Only appends: every Parquet file the writer wrote is live.
    List<Path> files;
    try (Stream<Path> walk = Files.walk(t.tableDir())) {
      files = walk.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log")).toList();
    }
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + dir.resolve("lake"));
        Statement s = c.createStatement()) {
      assertTrue(s.isWrapperFor(StatementProgress.class));
      StatementProgress progress = s.unwrap(StatementProgress.class);
      assertEquals(0, progress.plannedTables());
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t a JOIN t b ON a.id = b.id")) {
        assertTrue(rs.next());
      }
      assertEquals(2, progress.plannedTables());
      assertEquals(2 * files.size(), progress.plannedFiles());
      assertEquals(2 * bytes, progress.plannedBytes());
      try (ResultSet rs = s.executeQuery("SELECT 1")) {
        assertTrue(rs.next());
      }
      assertEquals(0, progress.plannedFiles(), "each execution starts afresh");
    }
  }
}
