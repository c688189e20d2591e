package io.lakehouse.config;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size in bytes as users write it, parsed in one place for every setting: {@code 500MB}, {@code 4GB} (powers of
 * 1000, as DuckDB reads them), {@code 4GiB} (powers of 1024), {@code 1024} (bytes), and for memory limits
 * {@code 50%} of physical memory.
 *
 * @param text the size as DuckDB reads it ({@code 4GB}, {@code 50%}): what {@code SET memory_limit} gets
 * @param bytes the size in bytes (a percentage resolved against this machine's physical memory)
 * @param percent whether it was given as a share of physical memory
 */
public record ByteSize(String text, double bytes, boolean percent) {
  private static final Pattern SIZE = Pattern.compile(
      "(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(B|KB|KIB|MB|MIB|GB|GIB|TB|TIB|%)?\\s*");

  /**
   * The size the text names, or empty when it names none.
   *
   * @param allowPercent whether a share of physical memory ({@code 50%}, from above 0 to 100) is accepted
   */
  public static Optional<ByteSize> parse(String text, boolean allowPercent) {
    Matcher m = SIZE.matcher(text == null ? "" : text);
    if (!m.matches()) {
      return Optional.empty();
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
    if (unit.equals("%")) {
      if (!allowPercent || n <= 0 || n > 100) {
        return Optional.empty();
      }
      return Optional.of(new ByteSize(m.group(1) + "%", n / 100 * physicalMemory(), true));
    }
    double bytes = switch (unit) {
      case "KB" -> n * 1e3;
      case "KIB" -> n * 1024;
      case "MB" -> n * 1e6;
      case "MIB" -> n * 1024 * 1024;
      case "GB" -> n * 1e9;
      case "GIB" -> n * 1024 * 1024 * 1024;
      case "TB" -> n * 1e12;
      case "TIB" -> n * 1024d * 1024 * 1024 * 1024;
      default -> n;
    };
    return Optional.of(new ByteSize(m.group(1) + (m.group(2) == null ? "B" : m.group(2)), bytes, false));
  }

  /** A size of whole bytes. */
  public static ByteSize ofBytes(long bytes) {
    return new ByteSize(bytes + "B", bytes, false);
  }

  /** The size in whole bytes. */
  public long asLong() {
    return (long) Math.min(bytes, Long.MAX_VALUE);
  }

  private static double physicalMemory() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return Runtime.getRuntime().maxMemory();
  }

  @Override
  public String toString() {
    return text;
  }
}
