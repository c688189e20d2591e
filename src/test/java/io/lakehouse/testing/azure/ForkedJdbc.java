package io.lakehouse.testing.azure;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs queries through the driver in a fresh child JVM with its own system properties, for tests that need JVM-wide
 * settings that must not leak into (or be pre-empted by) the shared surefire JVM: {@code javax.net.ssl.trustStore}
 * (the JDK's default trust managers are built once, e.g. by the Azure SDK's Netty transport on its first TLS use, and
 * other tests check that an untrusted self-signed certificate is refused), proxy properties, and the like.
 *
 * <p>The child runs each {@link Query} on its own connection, in order, and prints one line per query; the parent
 * turns them into {@link Outcome}s. Everything the child printed (stdout and stderr) is kept in {@link Run#output()},
 * so a test can search it for secrets. The child does not inherit {@code AZURE_*} or {@code *_PROXY} environment
 * variables.
 */
public final class ForkedJdbc {
  private static final String MARK = "FORKED-JDBC-RESULT\t";

  private ForkedJdbc() { }

  /** One query: {@code id} names it in the results; the result set is returned as text. */
  public record Query(String id, String url, String sql) { }

  /**
   * What one query gave: {@code rows} (one line per row, columns joined by a tab; null when it failed), or the
   * failure's {@code sqlState}, {@code message} and full stack trace with causes.
   */
  public record Outcome(String id, List<String> rows, String sqlState, String message, String trace) {
    public boolean ok() { return rows != null; }

    @Override
    public String toString() {
      return ok() ? id + ": " + rows : id + ": SQLState " + sqlState + " " + message + "\n" + trace;
    }
  }

  /** The child's results by query id, its exit code, everything it printed, and its wall time. */
  public record Run(Map<String, Outcome> outcomes, int exitCode, String output, long millis) {
    public Outcome get(String id) {
      Outcome o = outcomes.get(id);
      if (o == null) {
        throw new AssertionError("no result for '" + id + "' (exit code " + exitCode + "); child output:\n" + output);
      }
      return o;
    }
  }

  /**
   * Starts {@code java -cp <this JVM's class path> ForkedJdbc} with {@code systemProperties} ({@code -Dk=v}), runs
   * {@code queries}, and waits up to {@code timeoutSeconds}.
   */
  public static Run run(Map<String, String> systemProperties, List<Query> queries, long timeoutSeconds) {
    long t0 = System.nanoTime();
    Path spec = null;
    try {
      spec = Files.createTempFile("forked-jdbc-", ".tsv");
      StringBuilder sb = new StringBuilder();
      Base64.Encoder b64 = Base64.getEncoder();
      for (Query q : queries) {
        sb.append(b64.encodeToString(q.id().getBytes(StandardCharsets.UTF_8))).append('\t')
            .append(b64.encodeToString(q.url().getBytes(StandardCharsets.UTF_8))).append('\t')
            .append(b64.encodeToString(q.sql().getBytes(StandardCharsets.UTF_8))).append('\n');
      }
      Files.writeString(spec, sb);
      List<String> cmd = new ArrayList<>();
      cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx1g");
      // surefire's manifest-only booter jar (or the plain class path) carries the whole test class path
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      systemProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
      cmd.add(ForkedJdbc.class.getName());
      cmd.add(spec.toString());
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      // hermetic: no Azure SDK settings (AZURE_CLIENT_ID, AZURE_AUTHORITY_HOST, AZURE_LOG_LEVEL, ...) or proxies
      // from the environment; the caller passes what it needs as system properties
      pb.environment().keySet().removeIf(k -> k.toUpperCase(java.util.Locale.ROOT).startsWith("AZURE_")
          || k.toUpperCase(java.util.Locale.ROOT).endsWith("_PROXY"));
      Process p = pb.start();
      p.getOutputStream().close();
      CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
        try (InputStream in = p.getInputStream()) {
          return in.readAllBytes();
        } catch (IOException e) {
          return new byte[0];
        }
      });
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("the child JVM did not finish within " + timeoutSeconds + " s; output:\n"
            + new String(out.getNow(new byte[0]), StandardCharsets.UTF_8));
      }
      String output = new String(out.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8);
      Map<String, Outcome> outcomes = new LinkedHashMap<>();
      Base64.Decoder d = Base64.getDecoder();
      for (String line : output.split("\n")) {
        if (!line.startsWith(MARK)) continue;
        String[] f = line.substring(MARK.length()).split("\t", -1);
        String id = new String(d.decode(f[0]), StandardCharsets.UTF_8);
        if (f[1].equals("OK")) {
          String text = new String(d.decode(f[2]), StandardCharsets.UTF_8);
          outcomes.put(id, new Outcome(id, text.isEmpty() ? List.of() : List.of(text.split("\n", -1)), null, null,
              null));
        } else {
          outcomes.put(id, new Outcome(id, null, new String(d.decode(f[2]), StandardCharsets.UTF_8),
              new String(d.decode(f[3]), StandardCharsets.UTF_8), new String(d.decode(f[4]), StandardCharsets.UTF_8)));
        }
      }
      return new Run(outcomes, p.exitValue(), output, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    } finally {
      if (spec != null) {
        try {
          Files.deleteIfExists(spec);
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }

  /** The child: runs each query of the spec file on its own connection and prints its outcome. */
  public static void main(String[] args) throws IOException {
    Base64.Decoder d = Base64.getDecoder();
    Base64.Encoder e = Base64.getEncoder();
    for (String line : Files.readAllLines(Paths.get(args[0]), StandardCharsets.UTF_8)) {
      if (line.isBlank()) continue;
      String[] f = line.split("\t");
      String id = new String(d.decode(f[0]), StandardCharsets.UTF_8);
      String url = new String(d.decode(f[1]), StandardCharsets.UTF_8);
      String sql = new String(d.decode(f[2]), StandardCharsets.UTF_8);
      String result;
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery(sql)) {
        ResultSetMetaData md = rs.getMetaData();
        StringBuilder text = new StringBuilder();
        while (rs.next()) {
          if (text.length() > 0) text.append('\n');
          for (int i = 1; i <= md.getColumnCount(); i++) {
            if (i > 1) text.append('\t');
            text.append(rs.getString(i));
          }
        }
        result = "OK\t" + e.encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
      } catch (SQLException | RuntimeException ex) {
        StringWriter trace = new StringWriter();
        ex.printStackTrace(new PrintWriter(trace));
        String state = ex instanceof SQLException sx && sx.getSQLState() != null ? sx.getSQLState() : "";
        result = "ERR\t" + e.encodeToString(state.getBytes(StandardCharsets.UTF_8)) + "\t"
            + e.encodeToString(String.valueOf(ex.getMessage()).getBytes(StandardCharsets.UTF_8)) + "\t"
            + e.encodeToString(trace.toString().getBytes(StandardCharsets.UTF_8));
      }
      System.out.println(MARK + e.encodeToString(id.getBytes(StandardCharsets.UTF_8)) + "\t" + result);
      System.out.flush();
    }
    System.exit(0);   // the SDKs' non-daemon pools must not keep the child alive
  }
}
