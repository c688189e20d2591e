package io.lakehouse.testing.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Entry point of the s3proxy child process started by {@link S3ProxyServer}: a watchdog on stdin, then s3proxy's own
 * {@code org.gaul.s3proxy.Main}. The parent holds the child's stdin open and never writes to it, so EOF on stdin means
 * the parent JVM is gone (closed, crashed or killed with -9) and the child exits too, after deleting its work dir
 * ({@value #WORK_DIR_PROPERTY}: config, log, stored objects): no orphaned s3proxy processes holding ports, and no
 * leftover data, after an aborted test run.
 *
 * <p>Runs in the CHILD JVM with only the s3proxy jar and this class on the class path: it must reference nothing but
 * java.* (s3proxy is reached by reflection).
 */
public final class S3ProxyLauncher {

  static final String WORK_DIR_PROPERTY = "lakehouse.s3proxy.workDir";

  private S3ProxyLauncher() { }

  private static void deleteWorkDir() {
    String dir = System.getProperty(WORK_DIR_PROPERTY);
    if (dir == null) return;
    Path root = Paths.get(dir);
    if (!root.getFileName().toString().startsWith("s3proxy-")) return; // only what S3ProxyServer created
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }

  public static void main(String[] args) throws Throwable {
    Thread watchdog = new Thread(() -> {
      try (InputStream in = System.in) {
        byte[] buf = new byte[256];
        while (in.read(buf) >= 0) {
          // the parent never writes; just drain
        }
      } catch (IOException ignored) {
        // broken pipe = parent gone
      }
      deleteWorkDir();
      Runtime.getRuntime().halt(0); // not exit(): s3proxy's shutdown hook may wait up to 30 s for Jetty to stop
    }, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    try {
      Class.forName("org.gaul.s3proxy.Main").getMethod("main", String[].class).invoke(null, (Object) args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
