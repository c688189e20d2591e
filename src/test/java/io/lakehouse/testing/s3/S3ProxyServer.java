package io.lakehouse.testing.s3;

import io.lakehouse.testing.TestFiles;
import org.apache.http.conn.DnsResolver;
import org.apache.http.impl.conn.SystemDefaultDnsResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real S3 API server for tests: s3proxy 4.1.0 ({@code org.gaul:s3proxy:4.1.0:jar-with-dependencies}) in a child JVM
 * on 127.0.0.1 and a free port, filesystem backend in a fresh temp dir, AWS signature v2/v4 auth with the given (or
 * random) access key and secret.
 *
 * <p>Why a subprocess: the s3proxy jar bundles its own AWS SDK, Jackson 3, Guava, Jetty, logback... which would clash
 * with the driver's class path in-process. The jar is copied to {@code target/test-tools/s3proxy.jar} by the
 * {@code s3proxy-test-tool} execution of maven-dependency-plugin (phase process-test-resources).
 *
 * <p>Path-style by default: {@link #endpoint()} is {@code http://127.0.0.1:PORT}. With
 * {@link Builder#virtualHost(String) virtualHost("localhost")} s3proxy also accepts virtual-host requests
 * ({@code Host: <bucket>.localhost:PORT}); {@link #endpoint()} is then {@code http://localhost:PORT} (in that mode
 * s3proxy takes any other Host, e.g. {@code 127.0.0.1}, for a bucket name, so path-style must use the virtual host
 * too). {@code <bucket>.localhost} does not resolve in the JVM by default; clients use {@link #loopbackDnsResolver()}.
 *
 * <p>The child JVM dies with this object ({@link #close()}), on JVM exit (shutdown hook), and — through a watchdog on
 * its stdin, see {@link S3ProxyLauncher} — even when the test JVM is killed.
 */
public final class S3ProxyServer implements AutoCloseable {

  /** Where the pom's dependency-plugin execution puts the jar; override with -Dlakehouse.s3proxyJar=... */
  public static final String JAR_PROPERTY = "lakehouse.s3proxyJar";
  public static final Region REGION = Region.US_EAST_1;

  private static final Set<S3ProxyServer> RUNNING = ConcurrentHashMap.newKeySet();
  private static final SecureRandom RANDOM = new SecureRandom();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(S3ProxyServer::close), "s3proxy-stop"));
  }

  private final String accessKey;
  private final String secretKey;
  private final String virtualHost;          // null = path-style only
  private final Path workDir;                // conf + log + data
  private final Path dataDir;
  private final Path logFile;
  private final Process process;
  private final OutputStream childStdin;     // held open: its EOF is the child's signal to exit
  private final int port;
  private final long startupMillis;
  private volatile S3Client client;
  private volatile boolean closed;

  private S3ProxyServer(Builder b, Path workDir, Process process, int port, long startupMillis) {
    this.accessKey = b.accessKey;
    this.secretKey = b.secretKey;
    this.virtualHost = b.virtualHost;
    this.workDir = workDir;
    this.dataDir = workDir.resolve("data");
    this.logFile = workDir.resolve("s3proxy.log");
    this.process = process;
    this.childStdin = process.getOutputStream();
    this.port = port;
    this.startupMillis = startupMillis;
  }

  /** Random access key and secret, path-style. */
  public static S3ProxyServer start() { return builder().start(); }

  public static S3ProxyServer start(String accessKey, String secretKey) {
    return builder().credentials(accessKey, secretKey).start();
  }

  public static Builder builder() { return new Builder(); }

  public static final class Builder {
    private String accessKey = "AKIATEST" + randomString(12, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    private String secretKey = "s3proxy-secret-" + randomString(25,
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    private String virtualHost;
    private Duration startupTimeout = Duration.ofSeconds(60);
    private String logLevel = "warn";
    private boolean ignoreUnknownHeaders = true;
    private final Properties extra = new Properties();
    private final List<String> jvmOptions = new ArrayList<>();

    private Builder() { }

    public Builder credentials(String accessKey, String secretKey) {
      this.accessKey = accessKey;
      this.secretKey = secretKey;
      return this;
    }

    /** Accept virtual-host style requests for {@code <bucket>.<host>} (e.g. "localhost"); see the class doc. */
    public Builder virtualHost(String host) { this.virtualHost = host; return this; }

    public Builder startupTimeout(Duration d) { this.startupTimeout = d; return this; }

    /** s3proxy's logback level (LOG_LEVEL): trace, debug, info, warn (default), error; see {@link #logFile()}. */
    public Builder logLevel(String level) { this.logLevel = level; return this; }

    /**
     * Make s3proxy answer 501 NotImplemented to any x-amz-* header it does not know — which includes
     * {@code x-amz-security-token}, i.e. every request signed with temporary (STS / IRSA) credentials. The default
     * ({@code s3proxy.ignore-unknown-headers=true}) accepts them; note s3proxy never checks the token's value.
     */
    public Builder strictHeaders() { this.ignoreUnknownHeaders = false; return this; }

    /**
     * Extra option for the child JVM, appended after the defaults ({@code -Xmx512m -XX:+UseSerialGC
     * -XX:TieredStopAtLevel=1}), so e.g. {@code -XX:TieredStopAtLevel=4} re-enables C2. C1-only measured faster here
     * both to start (~1.0 s vs ~1.3-1.8 s) and to serve a 64 MiB GET (~1.3 GB/s vs ~0.7 GB/s, curl on loopback).
     */
    public Builder jvmOption(String option) { jvmOptions.add(option); return this; }

    /** Any other s3proxy / jclouds property (e.g. {@code s3proxy.latency-blobstore...}). */
    public Builder property(String key, String value) { extra.setProperty(key, value); return this; }

    public S3ProxyServer start() {
      Path jar = locateJar();
      IOException last = null;
      for (int attempt = 0; attempt < 3; attempt++) {  // a free port can be taken between probe and bind: retry
        Path workDir;
        try {
          workDir = Files.createTempDirectory("s3proxy-");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        try {
          return launch(jar, workDir);
        } catch (PortTakenException e) {
          last = e;
          TestFiles.deleteRecursively(workDir);
        } catch (IOException e) {
          TestFiles.deleteRecursively(workDir);
          throw new UncheckedIOException(e);
        }
      }
      throw new UncheckedIOException("s3proxy could not bind a port", last);
    }

    private S3ProxyServer launch(Path jar, Path workDir) throws IOException {
      Path data = Files.createDirectories(workDir.resolve("data"));
      int port = freePort();
      Properties p = new Properties();
      p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);   // bind address: loopback only
      p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
      p.setProperty("s3proxy.identity", accessKey);
      p.setProperty("s3proxy.credential", secretKey);
      if (virtualHost != null) p.setProperty("s3proxy.virtual-host", virtualHost);
      p.setProperty("s3proxy.ignore-unknown-headers", String.valueOf(ignoreUnknownHeaders));
      p.setProperty("jclouds.provider", "filesystem");
      p.setProperty("jclouds.identity", accessKey);
      p.setProperty("jclouds.credential", secretKey);
      p.setProperty("jclouds.filesystem.basedir", data.toString());
      p.putAll(extra);
      Path conf = workDir.resolve("s3proxy.conf");
      try (OutputStream out = Files.newOutputStream(conf)) {
        p.store(out, "written by " + S3ProxyServer.class.getName());
      }

      List<String> cmd = new ArrayList<>();
      cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx512m");
      cmd.add("-XX:+UseSerialGC");
      cmd.add("-XX:TieredStopAtLevel=1");
      cmd.add("-Xss512k");
      cmd.addAll(jvmOptions);
      cmd.add("-DLOG_LEVEL=" + logLevel);
      cmd.add("-Djava.io.tmpdir=" + workDir);
      cmd.add("-D" + S3ProxyLauncher.WORK_DIR_PROPERTY + "=" + workDir);
      cmd.add("-cp");
      cmd.add(jar + java.io.File.pathSeparator + launcherClassPath());
      cmd.add(S3ProxyLauncher.class.getName());
      cmd.add("--properties");
      cmd.add(conf.toString());
      Path log = workDir.resolve("s3proxy.log");
      long t0 = System.nanoTime();
      Process proc = new ProcessBuilder(cmd)
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      try {
        waitUntilUp(proc, port, log);
      } catch (IOException | RuntimeException e) {
        proc.destroyForcibly();
        throw e;
      }
      S3ProxyServer started =
          new S3ProxyServer(this, workDir, proc, port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      RUNNING.add(started);
      return started;
    }

    private void waitUntilUp(Process proc, int port, Path log) throws IOException {
      long deadline = System.nanoTime() + startupTimeout.toNanos();
      // /healthz answers 200 without auth once Jetty is started (s3proxy 4.x).
      URL health = URI.create("http://127.0.0.1:" + port + "/healthz").toURL();
      while (true) {
        if (!proc.isAlive()) {
          String tail = tail(log);
          if (tail.contains("Failed to bind") || tail.contains("BindException")
              || tail.contains("Address already in use")) {
            throw new PortTakenException(tail);
          }
          throw new IllegalStateException("s3proxy exited with " + proc.exitValue() + " during startup:\n" + tail);
        }
        try {
          HttpURLConnection c = (HttpURLConnection) health.openConnection();
          c.setConnectTimeout(500);
          c.setReadTimeout(2000);
          int code = c.getResponseCode();
          c.disconnect();
          if (code == 200) return;
        } catch (IOException notYet) {
          // connection refused while starting
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("s3proxy did not answer within " + startupTimeout + ":\n" + tail(log));
        }
        try {
          Thread.sleep(25);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while starting s3proxy", e);
        }
      }
    }
  }

  private static final class PortTakenException extends IOException {
    PortTakenException(String msg) { super(msg); }
  }

  // --- accessors ---------------------------------------------------------------------------------------------------

  /** {@code http://127.0.0.1:PORT}, or {@code http://<virtualHost>:PORT} in virtual-host mode. */
  public String endpoint() { return "http://" + (virtualHost == null ? "127.0.0.1" : virtualHost) + ":" + port; }

  public int port() { return port; }

  public String accessKey() { return accessKey; }

  public String secretKey() { return secretKey; }

  public AwsCredentialsProvider credentialsProvider() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
  }

  /** The virtual host s3proxy was started with, or null (path-style only). */
  public String virtualHost() { return virtualHost; }

  /** Wall time from process start until /healthz answered. */
  public long startupMillis() { return startupMillis; }

  /** s3proxy's stdout+stderr. */
  public Path logFile() { return logFile; }

  /** The filesystem backend's base dir: objects live at {@code <dataDir>/<bucket>/<key>}. */
  public Path dataDir() { return dataDir; }

  public long pid() { return process.pid(); }

  public boolean isAlive() { return process.isAlive(); }

  // --- clients -----------------------------------------------------------------------------------------------------

  /** A shared path-style client (region us-east-1, static credentials); closed with the server. Do not close it. */
  public S3Client client() {
    S3Client c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) client = clientBuilder().build();
        c = client;
      }
    }
    return c;
  }

  /** A fresh builder for a path-style client of this server; the caller builds and closes it. */
  public S3ClientBuilder clientBuilder() { return clientBuilder(endpoint(), credentialsProvider(), true); }

  /** Builder for a virtual-host-style client ({@code http://<bucket>.localhost:PORT}); needs virtual-host mode. */
  public S3ClientBuilder virtualHostClientBuilder() {
    if (virtualHost == null) {
      throw new IllegalStateException(
          "start the server with builder().virtualHost(\"localhost\") for virtual-host style");
    }
    return clientBuilder(endpoint(), credentialsProvider(), false);
  }

  /**
   * A preconfigured builder for any S3 endpoint on this machine (s3proxy itself, a {@link FaultInjectingProxy} in
   * front of it): region us-east-1, given credentials, Apache HTTP client with {@link #loopbackDnsResolver()}.
   */
  public static S3ClientBuilder clientBuilder(String endpoint, AwsCredentialsProvider credentials, boolean pathStyle) {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint))
        .region(REGION)
        .credentialsProvider(credentials)
        .forcePathStyle(pathStyle)
        .httpClientBuilder(ApacheHttpClient.builder()
            .dnsResolver(loopbackDnsResolver())
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(30)));
  }

  /**
   * Resolves {@code localhost} and every {@code *.localhost} name (virtual-host bucket names) to 127.0.0.1 and
   * everything else as the system does. For the AWS SDK's Apache client: {@code ApacheHttpClient.builder()
   * .dnsResolver(...)}.
   */
  public static DnsResolver loopbackDnsResolver() {
    return host -> {
      String h = host.toLowerCase(Locale.ROOT);
      if (h.equals("localhost") || h.endsWith(".localhost")) {
        return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
      }
      return SystemDefaultDnsResolver.INSTANCE.resolve(host);
    };
  }

  // --- conveniences --------------------------------------------------------------------------------------------------

  public void createBucket(String bucket) { client().createBucket(b -> b.bucket(bucket)); }

  public void putObject(String bucket, String key, byte[] bytes) {
    client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  public void putObject(String bucket, String key, String utf8) {
    putObject(bucket, key, utf8.getBytes(StandardCharsets.UTF_8));
  }

  public byte[] getObject(String bucket, String key) {
    return client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  public void deleteObject(String bucket, String key) { client().deleteObject(b -> b.bucket(bucket).key(key)); }

  /**
   * Uploads every regular file under {@code localDir} to {@code bucket} as {@code prefix + relative path} ('/'
   * separators; a '/' is added after a non-empty prefix that lacks one). Returns the keys in upload order (sorted
   * by path). Delta: commit timestamps then become the upload time as S3 LastModified, not the local file mtimes;
   * use {@link #setLastModified} to restore them where timestamp time travel matters.
   */
  public List<String> uploadDirectory(Path localDir, String bucket, String prefix) {
    String p = prefix == null ? "" : prefix.startsWith("/") ? prefix.substring(1) : prefix;
    if (!p.isEmpty() && !p.endsWith("/")) p = p + "/";
    List<Path> files;
    try (Stream<Path> s = Files.walk(localDir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> keys = new ArrayList<>();
    for (Path f : files) {
      String rel = localDir.relativize(f).toString().replace(java.io.File.separatorChar, '/');
      String key = p + rel;
      client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(f));
      keys.add(key);
    }
    return keys;
  }

  /**
   * Sets an object's LastModified as s3proxy reports it, by setting the backend file's mtime (filesystem backend:
   * {@code <dataDir>/<bucket>/<key>}). For Delta tables whose commit timestamps are log-file mtimes.
   */
  public void setLastModified(String bucket, String key, Instant time) {
    Path f = dataDir.resolve(bucket).resolve(key);
    try {
      Files.setLastModifiedTime(f, FileTime.from(time));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- lifecycle -----------------------------------------------------------------------------------------------------

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    RUNNING.remove(this);
    S3Client c = client;
    if (c != null) {
      try {
        c.close();
      } catch (RuntimeException ignored) {
        // best effort
      }
    }
    try {
      childStdin.close(); // the watchdog halts the child at once
    } catch (IOException ignored) {
      // already gone
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    TestFiles.deleteRecursively(workDir);
  }

  @Override
  public String toString() { return "S3ProxyServer[" + endpoint() + ", pid " + process.pid() + "]"; }

  // --- helpers -------------------------------------------------------------------------------------------------------

  static Path locateJar() {
    String override = System.getProperty(JAR_PROPERTY);
    Path jar = override != null ? Paths.get(override) : findUpwards(Paths.get("target", "test-tools", "s3proxy.jar"));
    if (jar == null || !Files.isRegularFile(jar)) {
      throw new IllegalStateException("s3proxy jar not found at " + (override != null ? override
          : Paths.get("target/test-tools/s3proxy.jar").toAbsolutePath())
          + ": it is copied there by maven-dependency-plugin (execution s3proxy-test-tool, phase "
          + "process-test-resources) — run the tests through Maven (mvn test / mvn process-test-resources), or set -D"
          + JAR_PROPERTY + "=/path/to/s3proxy-4.1.0-jar-with-dependencies.jar");
    }
    return jar.toAbsolutePath();
  }

  /** target/test-tools/s3proxy.jar relative to the working dir, or to the dir holding this class (IDE runs). */
  private static Path findUpwards(Path rel) {
    Path direct = rel.toAbsolutePath();
    if (Files.isRegularFile(direct)) return direct;
    try {
      Path classes = Paths.get(S3ProxyServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path d = classes; d != null; d = d.getParent()) {
        Path candidate = d.resolve(rel);
        if (Files.isRegularFile(candidate)) return candidate;
      }
    } catch (Exception ignored) {
      // fall through
    }
    return direct;
  }

  /** The class path entry (test-classes dir or jar) that holds {@link S3ProxyLauncher}. */
  private static String launcherClassPath() {
    try {
      return Paths.get(S3ProxyLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (Exception e) {
      throw new IllegalStateException("cannot locate the class path entry of " + S3ProxyLauncher.class, e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  static String randomString(int n, String alphabet) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    return sb.toString();
  }

}
