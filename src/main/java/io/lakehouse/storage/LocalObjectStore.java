package io.lakehouse.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** Local disk. Accepts plain absolute paths and {@code file:} URIs; its local paths are the files themselves. */
public final class LocalObjectStore implements SupportsLocalFiles {
  public static final LocalObjectStore INSTANCE = new LocalObjectStore();

  private LocalObjectStore() {}

  /** The local path for a location string. */
  public static Path toPath(String location) {
    if (location.startsWith("file:")) {
      // file:/a/b, file:///a/b, percent-encoded or not
      String rest = location.substring("file:".length());
      if (rest.startsWith("//")) {
        rest = rest.substring(2);
      }
      if (rest.contains("%")) {
        // Both spellings occur: Delta Kernel hands out Hadoop-style paths (file:/a/p=%2525/x is the file literally
        // named so), URI writers percent-encode (file:///a/b%20c). The literal file wins when it exists; a string
        // that is no valid URI is only ever literal.
        Path literal = Path.of(rest);
        if (!Files.exists(literal)) {
          try {
            return Path.of(URI.create("file://" + rest));
          } catch (IllegalArgumentException notAUri) {
            return literal;
          }
        }
        return literal;
      }
      return Path.of(rest);
    }
    return Path.of(location);
  }

  @Override
  public long length(String location) throws IOException {
    return attributes(location).size();
  }

  @Override
  public long lastModified(String location) throws IOException {
    return attributes(location).lastModifiedTime().toMillis();
  }

  @Override
  public boolean exists(String location) {
    return Files.exists(toPath(location));
  }

  @Override
  public SeekableByteChannel open(String location) throws IOException {
    try {
      return Files.newByteChannel(toPath(location), StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw notFound(location);
    }
  }

  @Override
  public List<FileInfo> listFrom(String location) throws IOException {
    Path start = toPath(location);
    return list(start.getParent(), start.getFileName().toString());
  }

  @Override
  public List<FileInfo> list(String directory) throws IOException {
    return list(toPath(directory), "");
  }

  private static List<FileInfo> list(Path dir, String from) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw notFound(dir.toString());
    }
    List<FileInfo> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (p.getFileName().toString().compareTo(from) >= 0) {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
          if (a.isRegularFile()) {
            out.add(new FileInfo(p.toString(), a.size(), a.lastModifiedTime().toMillis()));
          }
        }
      }
    }
    out.sort((x, y) -> x.location().compareTo(y.location()));
    return out;
  }

  @Override
  public String localPath(String location) {
    return toPath(location).toAbsolutePath().normalize().toString();
  }

  private static BasicFileAttributes attributes(String location) throws IOException {
    try {
      return Files.readAttributes(toPath(location), BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw notFound(location);
    }
  }

  private static FileNotFoundException notFound(String location) {
    return new FileNotFoundException(location + " does not exist");
  }
}
