package io.lakehouse.security;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * JSON lines appended to a file, rotated by size: {@code audit.jsonl} becomes {@code audit.jsonl.1}, older files
 * shift up, and at most {@code maxFiles} files exist in total. The file holds SQL text, so it is created readable
 * by its owner only (and its directory, when the sink creates it); an existing file keeps its permissions.
 */
final class FileAuditSink implements AuditSink {
  private static final int BUFFER = 64 << 10;

  private final Path path;
  private final long maxBytes;
  private final int maxFiles;
  private OutputStream out;
  private long size;

  FileAuditSink(Path path, long maxBytes, int maxFiles) {
    this.path = path.toAbsolutePath().normalize();
    this.maxBytes = maxBytes;
    this.maxFiles = maxFiles;
  }

  @Override
  public void open() throws IOException {
    if (out != null) {
      return;
    }
    Path dir = path.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      Files.createDirectories(dir, ownerOnly(dir, "rwx------"));
    }
    try {
      Files.createFile(path, ownerOnly(path, "rw-------"));
    } catch (FileAlreadyExistsException ignored) {
      // appended to
    }
    out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
        BUFFER);
    size = Files.size(path);
  }

  private static FileAttribute<?>[] ownerOnly(Path p, String permissions) {
    Path existing = p.getParent() == null ? p : p.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    boolean posix = existing != null
        && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
    return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString(permissions))} : new FileAttribute<?>[0];
  }

  @Override
  public void write(List<String> lines) throws IOException {
    try {
      open();
      for (String line : lines) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (size > 0 && size + bytes.length > maxBytes) {
          rotate();
        }
        out.write(bytes);
        size += bytes.length;
      }
      out.flush();
    } catch (IOException | RuntimeException e) {
      // Start over with a fresh stream next time (the file may have been moved or the disk freed).
      close();
      throw e;
    }
  }

  private void rotate() throws IOException {
    out.flush();
    out.close();
    out = null;
    if (maxFiles <= 1) {
      Files.deleteIfExists(path);
    } else {
      Files.deleteIfExists(numbered(maxFiles - 1));
      for (int i = maxFiles - 2; i >= 1; i--) {
        if (Files.exists(numbered(i))) {
          Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.move(path, numbered(1), StandardCopyOption.REPLACE_EXISTING);
    }
    open();
  }

  Path numbered(int i) {
    return path.resolveSibling(path.getFileName() + "." + i);
  }

  @Override
  public void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException ignored) {
        // the writer counts failed writes; a failed close after a flushed write loses nothing
      } finally {
        out = null;
      }
    }
  }

  @Override
  public String describe() {
    return "file " + path;
  }
}
