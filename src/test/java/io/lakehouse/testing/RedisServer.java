package io.lakehouse.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis server for tests: Debian's {@code redis-server} (installed by {@code .ci/run} when missing) as a
 * subprocess on 127.0.0.1 and a free port, without persistence. It can be stopped and started again on the same port
 * (Redis going away mid-run).
 */
public final class RedisServer implements AutoCloseable {
  private final int port;
  private final String password;
  private final Path log;
  private Process process;

  private RedisServer(int port, String password, Path log) {
    this.port = port;
    this.password = password;
    this.log = log;
  }

  /** Starts a server on a free port; with a password when not null. */
  public static RedisServer start(String password) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    RedisServer server = new RedisServer(port, password, Files.createTempFile("redis-test-", ".log"));
    server.start();
    return server;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** (Re)starts the process on this server's port and waits until it accepts connections. */
  public synchronized void start() throws IOException {
    if (process != null && process.isAlive()) {
      return;
    }
    List<String> cmd = new ArrayList<>(List.of(binary(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--protected-mode", "no", "--daemonize", "no"));
    if (password != null) {
      cmd.addAll(List.of("--requirepass", password));
    }
    process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited: " + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
    }
    throw new IOException("redis-server did not listen on port " + port + ": " + Files.readString(log));
  }

  /** Kills the server (SIGKILL: no goodbye to connected clients) and waits until it is gone. */
  public synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String binary() throws IOException {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path p = Path.of(dir, "redis-server");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    for (String p : List.of("/usr/bin/redis-server", "/usr/sbin/redis-server", "/usr/local/bin/redis-server")) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    throw new IOException("redis-server not found: install the Debian package redis-server (.ci/run does)");
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
