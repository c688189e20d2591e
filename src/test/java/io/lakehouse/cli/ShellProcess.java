package io.lakehouse.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The shell as a user runs it: its main class in a child JVM on the test class path (works with the plain class
 * path and with the packaged jars alike), with standard input given or a pseudo-terminal from util-linux
 * {@code script}.
 */
final class ShellProcess {
  private ShellProcess() {}

  /** What a finished run printed and returned. */
  record Result(int exit, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }

    String describe() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  static List<String> javaCommand(Path home, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), LakehouseShell.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  /** Runs the shell with standard input from a pipe (empty unless given) and waits for it to exit. */
  static Result run(Path home, String stdin, String... args) {
    try {
      Process p = new ProcessBuilder(javaCommand(home, args)).start();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread o = copy(p.getInputStream(), out);
      Thread e = copy(p.getErrorStream(), err);
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("the shell did not exit: " + String.join(" ", args));
      }
      o.join();
      e.join();
      return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Thread copy(InputStream from, OutputStream to) {
    Thread t = new Thread(() -> {
      try {
        from.transferTo(to);
      } catch (IOException ignored) {
        // the process ended
      }
    });
    t.start();
    return t;
  }

  /**
   * The shell on a pseudo-terminal ({@code script -qfec}, 200 columns): keys are typed into it and the screen
   * output (escape sequences removed) is awaited.
   */
  static final class Terminal implements AutoCloseable {
    private static final Pattern ESCAPES = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]|\u001B[=>()][0-9A-Za-z]?|\r");

    private final Process process;
    private final OutputStream keys;
    private final StringBuffer screen = new StringBuffer();
    private int mark;

    Terminal(Path home, String... args) throws IOException {
      String command = "stty cols 200 rows 50; exec " + String.join(" ", javaCommand(home, args).stream()
          .map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
      ProcessBuilder pb = new ProcessBuilder("script", "-qfec", command, "/dev/null").redirectErrorStream(true);
      pb.environment().put("TERM", "xterm");
      process = pb.start();
      keys = process.getOutputStream();
      Thread reader = new Thread(() -> {
        byte[] buffer = new byte[8192];
        try (InputStream in = process.getInputStream()) {
          for (int n; (n = in.read(buffer)) > 0; ) {
            screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
          }
        } catch (IOException ignored) {
          // the process ended
        }
      });
      reader.setDaemon(true);
      reader.start();
    }

    /** Types text (a line's Enter is "\r", Ctrl-C "\u0003", Ctrl-D "\u0004"). */
    void type(String text) throws IOException {
      keys.write(text.getBytes(StandardCharsets.UTF_8));
      keys.flush();
    }

    /** Waits until the output since the last wait matches; returns that output (escape sequences removed). */
    String await(Pattern pattern, long seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < deadline) {
        String text = clean(screen.substring(mark));
        var m = pattern.matcher(text);
        if (m.find()) {
          mark = screen.length();
          return text;
        }
        if (!process.isAlive() && !pattern.matcher(clean(screen.substring(mark))).find()) {
          break;
        }
        Thread.sleep(50);
      }
      throw new AssertionError("no " + pattern + " within " + seconds + " s; the terminal showed:\n"
          + clean(screen.substring(mark)));
    }

    int awaitExit(long seconds) throws InterruptedException {
      assertTrue(process.waitFor(seconds, TimeUnit.SECONDS), "the shell did not exit:\n" + clean(screen.toString()));
      return process.exitValue();
    }

    static String clean(String raw) {
      return ESCAPES.matcher(raw).replaceAll("");
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }
}
