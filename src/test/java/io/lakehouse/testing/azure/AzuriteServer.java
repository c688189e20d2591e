package io.lakehouse.testing.azure;

import io.lakehouse.testing.TestFiles;
import com.azure.core.http.HttpClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.sas.AccountSasPermission;
import com.azure.storage.common.sas.AccountSasResourceType;
import com.azure.storage.common.sas.AccountSasService;
import com.azure.storage.common.sas.AccountSasSignatureValues;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Azure Blob Storage API server for tests: Azurite's Blob service (npm {@code azurite}, pinned by
 * {@code .ci/install-test-tools}, which installs it into {@code target/test-tools/node}) as a Node.js subprocess on
 * 127.0.0.1. Shared-key, service/account SAS, and (opt-in, HTTPS only) OAuth bearer-token auth are enforced by Azurite
 * itself, so a wrong key or a read-only SAS really gets a 403.
 *
 * <p>Port: Azurite is started with {@code --blobPort 0} and the kernel-chosen port is read from its
 * "successfully listens on" line (no probe/bind race); startup then waits until a TCP connect succeeds.
 *
 * <p>URLs are path-style ({@code --disableProductStyleUrl}): {@link #endpoint()} is
 * {@code http://127.0.0.1:PORT/<account>}, a container is {@code endpoint()/container}, a blob
 * {@code endpoint()/container/dir/file}. Azurite has no DFS (ADLS Gen2 {@code *.dfs.core.windows.net}) endpoint:
 * {@code abfss://container@account.dfs.core.windows.net/path} must be mapped onto these Blob URLs by the driver.
 *
 * <p>What Azurite cannot do: set a blob's Last-Modified (it is always the server's write time); ETags do change on
 * every overwrite.
 *
 * <p>Other flags: {@code --silent} (no access log), {@code --loose}, {@code --skipApiVersionCheck} (the Java SDK may
 * send a newer x-ms-version than Azurite knows), {@code --disableTelemetry} (no outbound network). Data lives in a
 * fresh temp dir (or in memory, {@link Builder#inMemory()}), deleted on {@link #close()}.
 *
 * <p>The node process dies with this object ({@link #close()}), on JVM exit (shutdown hook), and even when the test JVM
 * is killed: it runs under a tiny wrapper script that exits on EOF of its stdin, which this class holds open.
 */
public final class AzuriteServer implements AutoCloseable {

  /** Azurite's built-in account and its well-known key (public, from Azurite's / the Storage Emulator's docs). */
  public static final String DEFAULT_ACCOUNT = "devstoreaccount1";
  public static final String DEFAULT_ACCOUNT_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  /** Pinned in .ci/install-test-tools. */
  public static final String AZURITE_VERSION = "3.37.0";

  /** Directory holding {@code node_modules/azurite} (npm --prefix); default {@code <basedir>/target/test-tools/node}. */
  public static final String HOME_PROPERTY = "lakehouse.azuriteHome";
  /** The node executable; default {@code node} from PATH. */
  public static final String NODE_PROPERTY = "lakehouse.node";

  private static final Set<AzuriteServer> RUNNING = ConcurrentHashMap.newKeySet();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern LISTENING =
      Pattern.compile("successfully listens on (https?)://([^:/\\s]+):(\\d+)");
  private static final int LOG_TAIL_LINES = 60;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(AzuriteServer::close), "azurite-stop"));
  }

  // Exits when our stdin closes (parent gone or close()), then hands argv to Azurite's blob main as if run directly.
  private static final String WATCHDOG_JS = String.join("\n",
      "'use strict';",
      "const main = process.argv[2];",
      "process.argv.splice(1, 1);                       // [node, main.js, ...flags] as Azurite expects",
      "const bye = () => process.exit(0);",
      "process.stdin.on('end', bye); process.stdin.on('close', bye); process.stdin.on('error', bye);",
      "process.stdin.resume();",
      "process.once('SIGTERM', () => setTimeout(bye, 1500).unref());  // Azurite closes first, then we exit",
      "process.once('SIGINT', () => setTimeout(bye, 1500).unref());",
      "require(main);",
      "");

  private final String account;
  private final String accountKey;
  private final boolean https;
  private final boolean oauth;
  private final Path workDir;
  private final Path logFile;
  private final Process process;
  private final OutputStream childStdin;
  private final int port;
  private final long startupMillis;
  private final Tls tls;                    // null unless https
  private final Deque<String> tail;
  private volatile BlobServiceClient serviceClient;
  private volatile boolean closed;

  private AzuriteServer(Builder b, Path workDir, Path logFile, Process process, int port, long startupMillis,
                        Tls tls, Deque<String> tail) {
    this.account = b.account;
    this.accountKey = b.accountKey;
    this.https = b.https;
    this.oauth = b.oauth;
    this.workDir = workDir;
    this.logFile = logFile;
    this.process = process;
    this.childStdin = process.getOutputStream();
    this.port = port;
    this.startupMillis = startupMillis;
    this.tls = tls;
    this.tail = tail;
  }

  /** Plain HTTP, account {@value #DEFAULT_ACCOUNT} with {@link #DEFAULT_ACCOUNT_KEY}, data on disk in a temp dir. */
  public static AzuriteServer start() { return builder().start(); }

  public static Builder builder() { return new Builder(); }

  public static final class Builder {
    private String account = DEFAULT_ACCOUNT;
    private String accountKey = DEFAULT_ACCOUNT_KEY;
    private boolean https;
    private boolean oauth;
    private boolean inMemory;
    private boolean debugLog;
    private Duration startupTimeout = Duration.ofSeconds(60);

    private Builder() { }

    /**
     * Serve this account instead of {@value #DEFAULT_ACCOUNT} (through Azurite's {@code AZURITE_ACCOUNTS}; the default
     * account is then not served). The key must be base64, e.g. {@link AzuriteServer#randomKey()}.
     */
    public Builder account(String name, String base64Key) {
      if (!name.matches("[a-z0-9]{3,24}")) throw new IllegalArgumentException("invalid storage account name: " + name);
      Base64.getDecoder().decode(base64Key);  // fail early on a non-base64 key
      this.account = name;
      this.accountKey = base64Key;
      return this;
    }

    /**
     * HTTPS with a self-signed certificate for 127.0.0.1 / localhost (keytool, RSA 2048, valid 7 days, one per JVM); clients
     * trust it through {@link #trustStore()} / {@link #sslContext()} / {@link #certificatePem()}.
     */
    public Builder https() { this.https = true; return this; }

    /**
     * Also accept OAuth bearer tokens ({@code --oauth basic}; implies HTTPS, which Azurite requires for it). Azurite
     * checks the JWT's nbf/exp, issuer prefix (e.g. {@code https://sts.windows.net/<tenant>/}) and audience
     * ({@code https://storage.azure.com} or the account URL) but NOT its signature.
     */
    public Builder oauth() { this.oauth = true; this.https = true; return this; }

    /** {@code --inMemoryPersistence} (instead of {@code --location}): no data files at all. */
    public Builder inMemory() { this.inMemory = true; return this; }

    /**
     * Azurite's debug log ({@code --debug}) into {@link AzuriteServer#debugLogFile()}: every request, and for auth
     * failures the string-to-sign Azurite computed. Verbose; deleted with the work dir on close.
     */
    public Builder debugLog() { this.debugLog = true; return this; }

    public Builder startupTimeout(Duration d) { this.startupTimeout = d; return this; }

    public AzuriteServer start() {
      Path mainJs = locateBlobMain();
      Path workDir;
      try {
        workDir = Files.createTempDirectory("azurite-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try {
        return launch(mainJs, workDir);
      } catch (IOException e) {
        TestFiles.deleteRecursively(workDir);
        throw new UncheckedIOException("could not start Azurite: " + e.getMessage(), e);
      } catch (RuntimeException | Error e) {
        TestFiles.deleteRecursively(workDir);
        throw e;
      }
    }

    private AzuriteServer launch(Path mainJs, Path workDir) throws IOException {
      long t0 = System.nanoTime();
      Path data = Files.createDirectories(workDir.resolve("data"));
      Path watchdog = workDir.resolve("azurite-watchdog.js");
      Files.writeString(watchdog, WATCHDOG_JS);
      Path logFile = workDir.resolve("azurite.log");
      Tls tls = https ? Tls.shared() : null;

      List<String> cmd = new ArrayList<>();
      cmd.add(System.getProperty(NODE_PROPERTY, "node"));
      cmd.add(watchdog.toString());
      cmd.add(mainJs.toString());
      cmd.add("--blobHost");
      cmd.add("127.0.0.1");
      cmd.add("--blobPort");
      cmd.add("0");
      if (!inMemory) {             // Azurite refuses --location together with --inMemoryPersistence
        cmd.add("--location");
        cmd.add(data.toString());
      }
      cmd.add("--silent");
      cmd.add("--loose");
      cmd.add("--skipApiVersionCheck");
      cmd.add("--disableProductStyleUrl");
      cmd.add("--disableTelemetry");
      if (inMemory) cmd.add("--inMemoryPersistence");
      if (debugLog) {
        cmd.add("--debug");
        cmd.add(workDir.resolve("debug.log").toString());
      }
      if (tls != null) {
        cmd.add("--cert");
        cmd.add(tls.keyStore.toString());
        cmd.add("--pwd");
        cmd.add(tls.password);
      }
      if (oauth) {
        cmd.add("--oauth");
        cmd.add("basic");
      }

      ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
      pb.environment().remove("AZURITE_ACCOUNTS");
      if (!DEFAULT_ACCOUNT.equals(account) || !DEFAULT_ACCOUNT_KEY.equals(accountKey)) {
        pb.environment().put("AZURITE_ACCOUNTS", account + ":" + accountKey);
      }
      Process process;
      try {
        process = pb.start();
      } catch (IOException e) {
        throw new IllegalStateException("could not run '" + cmd.get(0) + "' (Node.js is needed for Azurite; set -D"
            + NODE_PROPERTY + "=/path/to/node if it is not on PATH): " + e.getMessage(), e);
      }

      Deque<String> tail = new ArrayDeque<>();
      CompletableFuture<Matcher> listening = new CompletableFuture<>();
      Thread pump = new Thread(() -> pumpOutput(process.getInputStream(), logFile, tail, listening),
          "azurite-output-" + process.pid());
      pump.setDaemon(true);
      pump.start();

      int port;
      try {
        Matcher m = listening.get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
        port = Integer.parseInt(m.group(3));
      } catch (TimeoutException | ExecutionException | InterruptedException e) {
        process.destroyForcibly();
        if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        waitQuietly(process, 5);
        throw new IllegalStateException((process.isAlive() ? "Azurite did not start within " + startupTimeout
            : "Azurite exited with code " + process.exitValue() + " before listening") + "; command: "
            + String.join(" ", redact(cmd)) + "\n--- output ---\n" + snapshot(tail), e);
      }
      long deadline = System.nanoTime() + startupTimeout.toNanos();
      while (!canConnect(port)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IllegalStateException("Azurite reported port " + port + " but it does not answer\n--- output ---\n"
              + snapshot(tail));
        }
        sleep(20);
      }
      long startupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      AzuriteServer server = new AzuriteServer(this, workDir, logFile, process, port, startupMillis, tls, tail);
      RUNNING.add(server);
      return server;
    }
  }

  // ------------------------------------------------------------------------------------------------------ accessors

  /** {@code http(s)://127.0.0.1:PORT/<account>}: the Blob service URL (path-style, no trailing slash). */
  public String endpoint() { return (https ? "https" : "http") + "://127.0.0.1:" + port + "/" + account; }

  /** {@code endpoint()/container}. */
  public String containerUrl(String container) { return endpoint() + "/" + container; }

  /** {@code endpoint()/container/blobName} (blob name not URL-encoded: use simple names). */
  public String blobUrl(String container, String blobName) { return containerUrl(container) + "/" + blobName; }

  public String account() { return account; }

  public String accountKey() { return accountKey; }

  public StorageSharedKeyCredential credential() { return new StorageSharedKeyCredential(account, accountKey); }

  /** An Azure Storage connection string with the account key and this server's Blob endpoint. */
  public String connectionString() {
    return "DefaultEndpointsProtocol=" + (https ? "https" : "http") + ";AccountName=" + account + ";AccountKey="
        + accountKey + ";BlobEndpoint=" + endpoint() + ";";
  }

  public int port() { return port; }

  public boolean isHttps() { return https; }

  public boolean isOauthEnabled() { return oauth; }

  /** Wall time of {@link Builder#start()} up to the port answering (incl. certificate generation for HTTPS). */
  public long startupMillis() { return startupMillis; }

  /** Azurite's console output (stdout + stderr; the access log is off). */
  public Path logFile() { return logFile; }

  /** The last lines of Azurite's console output, for assertion messages. */
  public String logTail() { return snapshot(tail); }

  public Path workDir() { return workDir; }

  /** Where {@link Builder#debugLog()} makes Azurite write its debug log (absent otherwise). */
  public Path debugLogFile() { return workDir.resolve("debug.log"); }

  public boolean isAlive() { return process.isAlive(); }

  /** HTTPS only: PKCS12 trust store holding just this server's certificate (password {@link #trustStorePassword()}). */
  public Path trustStore() { return requireTls().trustStore; }

  public String trustStorePassword() { return requireTls().password; }

  /** HTTPS only: this server's certificate as a PEM file (for non-Java clients, e.g. {@code curl --cacert}). */
  public Path certificatePem() { return requireTls().pem; }

  /** HTTPS only: a TLS context trusting exactly this server's certificate. */
  public SSLContext sslContext() {
    Tls t = requireTls();
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(t.trustStore)) {
        ks.load(in, t.password.toCharArray());
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private Tls requireTls() {
    if (tls == null) throw new IllegalStateException("this Azurite runs plain HTTP; start it with builder().https()");
    return tls;
  }

  // ------------------------------------------------------------------------------------------- SDK conveniences

  /**
   * The azure-core HTTP client to give SDK builders for this server: the SDK default over HTTP; over HTTPS a
   * {@link TrustingJdkHttpClient} trusting exactly this server's certificate.
   */
  public HttpClient httpClient() {
    return https ? new TrustingJdkHttpClient(sslContext()) : HttpClient.createDefault();
  }

  /** A Blob service client authenticated with the account key (through {@link #httpClient()}). Cached. */
  public BlobServiceClient serviceClient() {
    BlobServiceClient c = serviceClient;
    if (c == null) {
      synchronized (this) {
        if (serviceClient == null) {
          serviceClient = new BlobServiceClientBuilder().endpoint(endpoint()).credential(credential())
              .httpClient(httpClient()).buildClient();
        }
        c = serviceClient;
      }
    }
    return c;
  }

  public BlobContainerClient containerClient(String container) {
    return serviceClient().getBlobContainerClient(container);
  }

  /** Creates the container (private access); fine if it already exists. */
  public BlobContainerClient createContainer(String container) {
    BlobContainerClient c = containerClient(container);
    c.createIfNotExists();
    return c;
  }

  /**
   * Uploads every regular file under {@code localDir} to {@code container} as {@code prefix/<relative path>} (with
   * '/' separators; {@code prefix} may be empty or end with '/'). Creates the container if needed and overwrites
   * existing blobs. Returns the blob names, sorted.
   */
  public List<String> uploadDirectory(Path localDir, String container, String prefix) {
    if (!Files.isDirectory(localDir)) throw new IllegalArgumentException("not a directory: " + localDir);
    BlobContainerClient c = createContainer(container);
    String p = prefix == null ? "" : prefix.replaceAll("^/+", "");
    if (!p.isEmpty() && !p.endsWith("/")) p += "/";
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.walk(localDir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
        StringBuilder rel = new StringBuilder();
        for (Path part : localDir.relativize(f)) {
          if (rel.length() > 0) rel.append('/');
          rel.append(part);
        }
        String name = p + rel;
        c.getBlobClient(name).uploadFromFile(f.toString(), true);
        names.add(name);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    names.sort(Comparator.naturalOrder());
    return names;
  }

  /** Uploads (overwrites) one blob; returns its new ETag (quoted, as Azure sends it). */
  public String uploadBlob(String container, String blobName, byte[] content) {
    BlobContainerClient c = createContainer(container);
    return c.getBlobClient(blobName).uploadWithResponse(
        new BlobParallelUploadOptions(new java.io.ByteArrayInputStream(content), content.length)
            .setHeaders(new BlobHttpHeaders().setContentType("application/octet-stream")),
        null, null).getValue().getETag();
  }

  /** Deletes a blob if it exists; returns whether it did. */
  public boolean deleteBlob(String container, String blobName) {
    try {
      return containerClient(container).getBlobClient(blobName).deleteIfExists();
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) return false;
      throw e;
    }
  }

  /**
   * A real container (service) SAS signed with the account key, e.g. {@code sasToken("lake", "rl", ...)}. Permission
   * letters as in Azure ({@link BlobContainerSasPermission#parse}): r read, a add, c create, w write, d delete,
   * l list, ... Returned without a leading '?' ({@code sv=...&se=...&sr=c&sp=rl&sig=...}).
   */
  public String sasToken(String container, String permissions, OffsetDateTime expiry) {
    return containerClient(container).generateSas(
        new BlobServiceSasSignatureValues(expiry, BlobContainerSasPermission.parse(permissions)));
  }

  public String sasToken(String container, String permissions, Duration validFor) {
    return sasToken(container, permissions, OffsetDateTime.now().plus(validFor));
  }

  /**
   * A real account SAS for the Blob service, all resource types (service, container, object); permission letters as
   * in {@link AccountSasPermission#parse} (r, w, d, l, a, c, ...). Without a leading '?'.
   */
  public String accountSasToken(String permissions, OffsetDateTime expiry) {
    return serviceClient().generateAccountSas(new AccountSasSignatureValues(expiry,
        AccountSasPermission.parse(permissions), new AccountSasService().setBlobAccess(true),
        AccountSasResourceType.parse("sco")));
  }

  /** A random 64-byte account key, base64 (the shape of real Azure keys). */
  public static String randomKey() {
    byte[] k = new byte[64];
    RANDOM.nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  // ------------------------------------------------------------------------------------------------------ lifecycle

  /** Stops Azurite (stdin EOF, then SIGTERM, then SIGKILL) and deletes its data. Idempotent. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    RUNNING.remove(this);
    try {
      childStdin.close();      // the watchdog exits right away
    } catch (IOException ignored) {
      // already gone
    }
    if (!waitQuietly(process, 3)) {
      process.destroy();
      if (!waitQuietly(process, 3)) {
        process.destroyForcibly();
        waitQuietly(process, 5);
      }
    }
    TestFiles.deleteRecursively(workDir);
  }

  @Override
  public String toString() {
    return "AzuriteServer[" + endpoint() + ", pid " + process.pid() + (closed ? ", closed" : "") + "]";
  }

  // -------------------------------------------------------------------------------------------------------- helpers

  /** Finds Azurite's blob entry point, or fails telling the user to run the installer. */
  static Path locateBlobMain() {
    String prop = System.getProperty(HOME_PROPERTY);
    Path home = prop != null ? Paths.get(prop)
        : Paths.get(System.getProperty("basedir", System.getProperty("user.dir")), "target", "test-tools", "node");
    Path main = home.resolve("node_modules/azurite/dist/src/blob/main.js").toAbsolutePath().normalize();
    if (!Files.isRegularFile(main)) {
      throw new IllegalStateException("Azurite is not installed: " + main + " is missing. Run .ci/install-test-tools "
          + "(npm install azurite@" + AZURITE_VERSION + " into target/test-tools/node), or point -D" + HOME_PROPERTY
          + " at a directory holding node_modules/azurite.");
    }
    return main;
  }

  private static void pumpOutput(InputStream in, Path logFile, Deque<String> tail,
                                 CompletableFuture<Matcher> listening) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
         Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (tail) {
          tail.addLast(line);
          while (tail.size() > LOG_TAIL_LINES) tail.removeFirst();
        }
        log.write(line);
        log.write('\n');
        log.flush();
        if (!listening.isDone()) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) listening.complete(m);
        }
      }
    } catch (IOException ignored) {
      // process gone or work dir deleted
    } finally {
      listening.completeExceptionally(new IllegalStateException("Azurite exited before listening"));
    }
  }

  private static String snapshot(Deque<String> tail) {
    synchronized (tail) {
      return String.join("\n", tail);
    }
  }

  private static List<String> redact(List<String> cmd) {
    List<String> out = new ArrayList<>(cmd);
    int i = out.indexOf("--pwd");
    if (i >= 0 && i + 1 < out.size()) out.set(i + 1, "***");
    return out;
  }

  private static boolean canConnect(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean waitQuietly(Process p, int seconds) {
    try {
      return p.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * A self-signed server certificate (keytool) plus a cert-only trust store and PEM for clients. Generated once per
   * JVM (keytool costs ~1-2 s) into its own temp dir, shared by every HTTPS server, deleted at JVM exit.
   */
  private static final class Tls {
    private static Tls shared;

    static synchronized Tls shared() throws IOException {
      if (shared == null) {
        Path dir = Files.createTempDirectory("azurite-tls-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> TestFiles.deleteRecursively(dir), "azurite-tls-cleanup"));
        shared = create(dir);
      }
      return shared;
    }

    final Path keyStore;
    final Path trustStore;
    final Path pem;
    final String password;

    private Tls(Path keyStore, Path trustStore, Path pem, String password) {
      this.keyStore = keyStore;
      this.trustStore = trustStore;
      this.pem = pem;
      this.password = password;
    }

    static Tls create(Path dir) throws IOException {
      String password = Long.toHexString(RANDOM.nextLong()) + Long.toHexString(RANDOM.nextLong());
      Path keyStore = dir.resolve("server.p12");
      Path keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
      List<String> cmd = List.of(keytool.toString(), "-genkeypair", "-noprompt", "-alias", "azurite",
          "-keyalg", "RSA", "-keysize", "2048", "-validity", "7", "-dname", "CN=localhost",
          "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
          "-storepass", password, "-keypass", password);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!waitQuietly(p, 60) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("keytool -genkeypair failed: " + out);
      }
      try {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
          ks.load(in, password.toCharArray());
        }
        Certificate cert = ks.getCertificate("azurite");
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("azurite", cert);
        Path trustStore = dir.resolve("truststore.p12");
        try (OutputStream o = Files.newOutputStream(trustStore)) {
          ts.store(o, password.toCharArray());
        }
        Path pem = dir.resolve("server.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
            + "\n-----END CERTIFICATE-----\n");
        return new Tls(keyStore, trustStore, pem, password);
      } catch (GeneralSecurityException e) {
        throw new IOException("could not build the trust store: " + e.getMessage(), e);
      }
    }
  }
}
