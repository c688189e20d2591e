package io.lakehouse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellOptionsTest {
  @Test
  void optionsWithSeparateOrInlineValuesKeepTheOrderOfWhatRuns() throws Exception {
    ShellOptions o = ShellOptions.parse(new String[] {"--format=csv", "lake", "-e", "SELECT 1", "--file=a.sql",
        "--null-value", "-", "--max-width=10", "-p", "threads=2", "--user=bob", "--no-header", "--verbose"});
    assertEquals(Path.of("lake"), o.catalog());
    assertEquals(OutputFormat.CSV, o.format());
    assertEquals(List.of(new ShellOptions.Source("SELECT 1", null), new ShellOptions.Source(null, Path.of("a.sql"))),
        o.sources());
    assertEquals("-", o.nullValue());
    assertEquals(10, o.maxWidth());
    assertEquals("2", o.properties().get("threads"));
    assertEquals("bob", o.properties().get("user"));
    assertTrue(!o.header() && o.verbose());
  }

  @Test
  void badCommandLinesAreUsageErrors() {
    for (String[] bad : List.of(new String[] {}, new String[] {"a", "b"}, new String[] {"a", "--verbose=yes"},
        new String[] {"a", "--max-width", "-1"}, new String[] {"a", "-p", "novalue"}, new String[] {"a", "--file"},
        new String[] {"a", "--format", "xml"})) {
      assertThrows(ShellOptions.UsageException.class, () -> ShellOptions.parse(bad), String.join(" ", bad));
    }
  }
}
