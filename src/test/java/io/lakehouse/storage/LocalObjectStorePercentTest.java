package io.lakehouse.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code %} in {@code file:} locations: Delta Kernel hands out Hadoop-style paths naming files literally (a Delta
 * log's absolute add path {@code p=%252525} comes back as {@code p=%2525}, the folder's real name), URI writers
 * percent-encode. Decoding Kernel's paths a second time read the wrong file, or threw a raw
 * IllegalArgumentException ("Bad escape") for a name like {@code 100%.parquet}.
 */
class LocalObjectStorePercentTest {
  @TempDir
  Path dir;

  @Test
  void literalFileWins() throws Exception {
    Path literal = Files.createDirectories(dir.resolve("p=%2525")).resolve("x.parquet");
    Files.writeString(literal, "x");
    Files.createDirectories(dir.resolve("p=%25"));
    Files.writeString(dir.resolve("p=%25/x.parquet"), "decoded twice");
    assertEquals(literal, LocalObjectStore.toPath("file:" + literal));
  }

  @Test
  void encodedUriDecodesWhenNoLiteralFileExists() throws Exception {
    Path real = dir.resolve("a b.parquet");
    Files.writeString(real, "x");
    assertEquals(real, LocalObjectStore.toPath(real.toUri().toString()));
  }

  @Test
  void invalidEscapeIsLiteralNotAnException() throws Exception {
    Path real = dir.resolve("100% x.parquet");
    Files.writeString(real, "x");
    assertEquals(real, LocalObjectStore.toPath("file:" + real));
    assertEquals(dir.resolve("missing%zz"), LocalObjectStore.toPath("file:" + dir.resolve("missing%zz")));
  }
}
