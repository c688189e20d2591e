package io.lakehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.testing.SqlAssert;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The checked-in docs/properties.md is exactly what its generator writes from the property registry. */
class ConnectionReferenceGeneratorTest {
  @Test
  void checkedInReferenceIsTheGeneratorsOutput() throws Exception {
    Path file = Path.of(System.getProperty("basedir", ".")).resolve(ConnectionReferenceGenerator.TARGET);
    assertTrue(Files.isRegularFile(file), file + " not found (run from the project directory)");
    String checkedIn = Files.readString(file, StandardCharsets.UTF_8);
    String generated = ConnectionReferenceGenerator.generate();
    if (!generated.equals(checkedIn)) {
      String[] a = checkedIn.split("\n", -1);
      String[] b = generated.split("\n", -1);
      int line = 0;
      while (line < Math.min(a.length, b.length) && a[line].equals(b[line])) {
        line++;
      }
      assertEquals(line < b.length ? b[line] : "<end of file>", line < a.length ? a[line] : "<end of file>",
          ConnectionReferenceGenerator.TARGET + " differs from the generator's output at line " + (line + 1)
              + " (a connection property or the URL rules changed); regenerate it: mvn -B -o -q -DskipTests "
              + "test-compile exec:java -Dexec.classpathScope=test "
              + "-Dexec.mainClass=io.lakehouse.config.ConnectionReferenceGenerator -Dexec.args="
              + ConnectionReferenceGenerator.TARGET);
    }
  }

  /** Every property is in the reference with its name, its accepted values and its whole description. */
  @Test
  void everyPropertyIsDocumented() throws Exception {
    String md = ConnectionReferenceGenerator.generate();
    for (ConnectionProperty<?> p : ConnectionProperties.all()) {
      assertTrue(md.contains("\n### " + p.name() + "\n"), p.name());
      assertTrue(md.replace("\n", " ").contains(p.description()), p.name() + ": description");
      assertTrue(md.contains("| " + p.expected()), p.name() + ": accepted values");
    }
  }

  /** The setter column names real bean setters: HikariCP and Spring find them by these names. */
  @Test
  void setterColumnNamesRealSetters() throws Exception {
    assertEquals("`setMemoryLimit`", ConnectionReferenceGenerator.setter("memory_limit"));
    assertEquals("—", ConnectionReferenceGenerator.setter("no_such_property"));
  }

  /** The URL rules the reference states in prose hold: each one is a behaviour of LakehouseUrl. */
  @Test
  void urlRulesTheReferenceStatesHold() throws Exception {
    String md = ConnectionReferenceGenerator.generate();
    assertTrue(md.contains("a `+` stays a plus sign"));
    assertEquals("/data/a+b c", LakehouseUrl.parse("jdbc:lakehouse:/data/a+b%20c", new Properties())
        .getProperty("catalog"));
    assertTrue(md.contains("different values fails (08001)"));
    Properties info = new Properties();
    info.setProperty("threads", "2");
    SqlAssert.assertState(SqlState.CONNECTION_FAILED,
        () -> LakehouseUrl.parse("jdbc:lakehouse:/data?threads=4", info));
    assertEquals("4", LakehouseUrl.parse("jdbc:lakehouse:/data?threads=4", new Properties()).getProperty("threads"));
    assertTrue(md.contains("An unknown property name fails (08001) and lists the known ones"));
    SqlAssert.assertMessageContains(SqlAssert.assertState(SqlState.CONNECTION_FAILED,
        () -> LakehouseUrl.parse("jdbc:lakehouse:/data?thread=4", new Properties())), "thread", "threads");
    assertTrue(md.contains("`password` is removed from the URL"));
    assertEquals("jdbc:lakehouse:/data?user=a&threads=2",
        LakehouseUrl.redact("jdbc:lakehouse:/data?user=a&password=secret&threads=2"));
    assertTrue(md.contains("jdbc:lakehouse:?catalog=<catalog>"));
    assertEquals("/data", LakehouseUrl.parse("jdbc:lakehouse:?catalog=/data", new Properties())
        .getProperty("catalog"));
  }
}
