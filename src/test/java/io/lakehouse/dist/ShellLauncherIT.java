package io.lakehouse.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/lakehouse-shell as a user runs it, from a folder that holds only the script and the two jars (no source tree,
 * no Maven on the PATH): a query's answer, a failing query's exit status, usage.
 */
class ShellLauncherIT {
  @TempDir static Path dir;
  static Path install;
  static Path lake;
  static long rows;

  @BeforeAll
  static void setUp() throws IOException {
    Path all = Path.of(System.getProperty("lakehouse.allJar", "target/lakehouse-jdbc-0.1.0-SNAPSHOT-all.jar"))
        .toAbsolutePath();
    Path shell = all.resolveSibling(all.getFileName().toString().replace("-all.jar", "-shell.jar"));
    assertTrue(Files.isRegularFile(all) && Files.isRegularFile(shell), "run mvn package first");
    // Beside target/ (same file system), so the 180 MB jar is linked, not copied.
    install = Files.createTempDirectory(all.getParent(), "launcher-it-");
    Files.createDirectories(install.resolve("bin"));
    Files.copy(Path.of("bin/lakehouse-shell"), install.resolve("bin/lakehouse-shell"),
        StandardCopyOption.COPY_ATTRIBUTES);
    for (Path jar : List.of(all, shell)) {
      Path to = install.resolve("lib").resolve(jar.getFileName());
      Files.createDirectories(to.getParent());
      try {
        Files.createLink(to, jar);
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(jar, to);
      }
    }
    lake = dir.resolve("lake");
    DeltaTestWriter w = DeltaTestWriter.create(lake.resolve("sales"),
        List.of(new Col("id", "long", false), Col.of("region", "string"), Col.of("amount", "decimal(10,2)")));
    List<Object[]> written = ShadedJarIT.rows(1, 7);
    w.append(written);
    rows = written.size();
  }

  @org.junit.jupiter.api.AfterAll
  static void removeInstall() throws IOException {
    if (install == null) return;
    try (var walk = Files.walk(install)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  record Result(int exit, String out) {}

  static Result run(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(install.resolve("bin/lakehouse-shell").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin"); // java, no mvn
    env.put("LAKEHOUSE_SHELL_JAR", install.resolve("lib").resolve(
        Files.list(install.resolve("lib")).filter(p -> p.toString().endsWith("-shell.jar")).findFirst().orElseThrow()
            .getFileName()).toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    return new Result(p.exitValue(), out);
  }

  @Test
  void runsAQueryFromTheJarsAloneWithARelativeCatalogPath() throws Exception {
    Result r = run("lake", "-e", "SELECT count(*) * 1000 + 7 AS answer FROM sales");
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains(String.valueOf(rows * 1000 + 7)), r.out());
    // The second run uses the class-data sharing archive the first one wrote beside the jars.
    assertTrue(Files.list(install.resolve("lib")).anyMatch(p -> p.toString().endsWith(".jsa")));
    Result again = run("lake", "-e", "SELECT count(*) FROM sales");
    assertEquals(0, again.exit(), again.out());
    assertTrue(again.out().contains(String.valueOf(rows)), again.out());
  }

  @Test
  void aFailingStatementExitsNonZero() throws Exception {
    Result r = run("lake", "-e", "SELECT * FROM no_such_table");
    assertNotEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("42S02") || r.out().contains("no_such_table"), r.out());
  }

  @Test
  void withoutArgumentsPrintsUsageAndExitsNonZero() throws Exception {
    Result r = run();
    assertNotEquals(0, r.exit(), r.out());
    assertTrue(r.out().toLowerCase().contains("usage"), r.out());
  }
}
