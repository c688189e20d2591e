package io.lakehouse.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs dist-tests/spring-boot (a Spring Boot 3.5 application whose class path is Spring Boot's plus the drop-in
 * -all jar) with Maven, over tables written here by the reference writers; the expected answers it checks are
 * computed here from the rows handed to the writers.
 */
class SpringBootAppIT {
  @TempDir Path dir;

  @Test
  void springBootApplicationWithHikariAndJdbcTemplateOverTheDropInJar() throws Exception {
    Path jar = Path.of(System.getProperty("lakehouse.allJar", "target/lakehouse-jdbc-0.1.0-SNAPSHOT-all.jar"))
        .toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "run mvn package first: " + jar);
    Path lake = dir.resolve("lake");
    DeltaTestWriter delta = DeltaTestWriter.create(lake.resolve("sales"),
        List.of(new Col("id", "long", false), Col.of("region", "string"), Col.of("amount", "decimal(10,2)")),
        List.of("region"));
    for (int v = 1; v <= 3; v++) delta.append(ShadedJarIT.rows(v, 5));
    IcebergTestWriter iceberg = IcebergTestWriter.create(lake.resolve("crm/customers"), new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "region", Types.StringType.get()),
        Types.NestedField.optional(3, "amount", Types.DecimalType.of(10, 2))));
    List<Long> snapshots = new ArrayList<>();
    for (int v = 1; v <= 2; v++) {
      iceberg.append(ShadedJarIT.rows(v, 6).toArray(Object[][]::new));
      snapshots.add(iceberg.currentSnapshotId());
    }

    Properties expected = new Properties();
    expected.setProperty("query.delta_v2", "SELECT count(*) AS n, sum(amount) AS total FROM sales FOR VERSION AS OF 2");
    expected.setProperty("answer.delta_v2", ShadedJarIT.expectedSum(2, 5));
    expected.setProperty("query.delta", "SELECT count(*) AS n, sum(amount) AS total FROM sales");
    expected.setProperty("answer.delta", ShadedJarIT.expectedSum(3, 5));
    expected.setProperty("query.iceberg_s1",
        "SELECT count(*) AS n, sum(amount) AS total FROM crm.customers FOR VERSION AS OF " + snapshots.get(0));
    expected.setProperty("answer.iceberg_s1", ShadedJarIT.expectedSum(1, 6));
    expected.setProperty("query.iceberg", "SELECT count(*) AS n, sum(amount) AS total FROM crm.customers");
    expected.setProperty("answer.iceberg", ShadedJarIT.expectedSum(2, 6));
    TreeMap<String, Integer> perRegion = new TreeMap<>();
    for (int v = 1; v <= 3; v++) {
      for (Object[] r : ShadedJarIT.rows(v, 5)) perRegion.merge((String) r[1], 1, Integer::sum);
    }
    List<String> regionRows = new ArrayList<>();
    perRegion.forEach((region, n) -> regionRows.add(region + "|" + n));
    expected.setProperty("query.regions", "SELECT region, count(*) AS n FROM sales GROUP BY region ORDER BY region");
    expected.setProperty("answer.regions", String.join(";", regionRows));
    Path expectedFile = dir.resolve("expected.properties");
    try (Writer w = Files.newBufferedWriter(expectedFile)) {
      expected.store(w, "written by SpringBootAppIT");
    }

    Path pom = Path.of("dist-tests/spring-boot/pom.xml").toAbsolutePath();
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("maven.home", "/usr/share/maven"), "bin", "mvn").toString(), "-B", "-f",
        pom.toString(), "test", "-Dlakehouse.jar=" + jar, "-Dlakehouse.lake=" + lake.toAbsolutePath(),
        "-Dlakehouse.expected=" + expectedFile.toAbsolutePath()));
    String repo = System.getProperty("maven.repo.local", "");
    if (!repo.isBlank()) cmd.add("-Dmaven.repo.local=" + repo);
    if (Boolean.parseBoolean(System.getProperty("lakehouse.mavenOffline", "false"))) cmd.add("-o");
    Path log = Path.of("target", "spring-boot-check.log").toAbsolutePath();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the Spring Boot check did not finish; see " + log);
    String out = Files.readString(log);
    assertEquals(0, p.exitValue(), "the Spring Boot check failed (" + log + "):\n"
        + out.substring(Math.max(0, out.length() - 6000)));
    assertTrue(out.contains("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0"), out);
  }
}
