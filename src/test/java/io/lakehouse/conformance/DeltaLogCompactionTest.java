package io.lakehouse.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.internal.compaction.LogCompactionWriter;
import io.delta.kernel.internal.fs.Path;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Delta log with a log compaction file ({@code <a>.<b>.compacted.json}, which Delta Kernel writes and Spark reads
 * but does not write): every version answers what Kernel's own reader answers, on one connection.
 */
class DeltaLogCompactionTest {
  @TempDir
  static java.nio.file.Path dir;

  @Test
  void versionsAroundACompactionFileReadLikeKernel() throws Exception {
    java.nio.file.Path table = dir.resolve("compacted");
    DeltaTestWriter t = DeltaTestWriter.create(table, List.of(Col.of("id", "long"), Col.of("name", "string")));
    for (long v = 1; v <= 6; v++) {
      t.append(List.<Object[]>of(new Object[] {v, "v" + v}, new Object[] {v * 10, "w" + v}));
    }
    Path data = new Path(table.toUri().toString());
    new LogCompactionWriter(data, new Path(data, "_delta_log"), 1, 4, 0).writeLogCompactionFile(t.engine());
    assertTrue(Files.exists(table.resolve("_delta_log/00000000000000000001.00000000000000000004.compacted.json")));
    try (Connection c = DriverManager.getConnection("jdbc:lakehouse:" + dir); Statement s = c.createStatement()) {
      for (long version = 0; version <= 6; version++) {
        List<String> expected = new ArrayList<>();
        t.readRows(version).stream().sorted(Comparator.comparing(r -> (Long) r[0]))
            .forEach(r -> expected.add(r[0] + " " + r[1]));
        List<String> got = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT id, name FROM compacted FOR VERSION AS OF " + version
            + " ORDER BY id")) {
          while (rs.next()) {
            got.add(rs.getLong(1) + " " + rs.getString(2));
          }
        }
        assertEquals(expected, got, "version " + version);
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM compacted")) {
        assertTrue(rs.next());
        assertEquals(t.readRows(6).size(), rs.getLong(1));
      }
    }
  }
}
