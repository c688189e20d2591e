package io.lakehouse.testing;

import io.delta.kernel.defaults.engine.fileio.FileIO;
import io.delta.kernel.defaults.engine.fileio.InputFile;
import io.delta.kernel.defaults.engine.fileio.OutputFile;
import io.delta.kernel.defaults.engine.fileio.PositionOutputStream;
import io.delta.kernel.defaults.engine.fileio.SeekableInputStream;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writable Delta Kernel {@link FileIO} over java.nio local files.
 *
 * <p>Why not {@code DefaultEngine.create(new Configuration())}: that goes through Hadoop's FileSystem, whose
 * UserGroupInformation needs commons-configuration2 & co. The project's classpath has the slim, dependency-less
 * {@code hadoop-common} before the test-scoped {@code hadoop-client-api}, so the unshaded class wins and fails with
 * NoClassDefFoundError. Without a FileSystem, Kernel's read AND write paths run on the slim Hadoop set the driver
 * ships with. Paths are Hadoop-style strings: {@code file:/abs}, {@code file:///abs} or {@code /abs} (no %-decoding).
 */
final class LocalKernelFileIO implements FileIO {

  static Path toPath(String p) {
    String s = p.startsWith("file:") ? p.substring(5) : p;
    if (s.startsWith("///")) s = s.substring(2);       // file:///abs -> /abs (empty authority)
    return Paths.get(s);
  }

  static String toUri(Path p) { return "file:" + p.toAbsolutePath(); }

  @Override
  public CloseableIterator<FileStatus> listFrom(String filePath) throws IOException {
    // Kernel semantics: files in the parent directory whose name sorts >= the given name, in sorted order;
    // a missing directory must be FileNotFoundException (Kernel maps it to "table does not exist").
    Path start = toPath(filePath);
    Path dir = start.getParent();
    if (!Files.isDirectory(dir)) throw new FileNotFoundException(dir.toString());
    String from = start.getFileName().toString();
    List<FileStatus> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.sorted().toList()) {
        if (f.getFileName().toString().compareTo(from) >= 0) out.add(status(f));
      }
    }
    return DeltaTestWriter.iter(out);
  }

  @Override
  public FileStatus getFileStatus(String path) throws IOException { return status(toPath(path)); }

  private static FileStatus status(Path f) throws IOException {
    if (!Files.exists(f)) throw new FileNotFoundException(f.toString()); // not NoSuchFile: Kernel retries those
    return FileStatus.of(toUri(f), Files.isDirectory(f) ? 0 : Files.size(f), Files.getLastModifiedTime(f).toMillis());
  }

  @Override
  public String resolvePath(String path) { return toUri(toPath(path)); }

  @Override
  public boolean mkdirs(String path) throws IOException {
    Files.createDirectories(toPath(path));
    return true;
  }

  @Override
  public InputFile newInputFile(String path, long fileSize) {
    Path f = toPath(path);
    return new InputFile() {
      @Override public long length() throws IOException { return fileSize >= 0 ? fileSize : Files.size(f); }
      @Override public String path() { return path; }
      @Override public SeekableInputStream newStream() throws IOException {
        if (!Files.exists(f)) throw new FileNotFoundException(f.toString());
        return new ChannelStream(FileChannel.open(f, StandardOpenOption.READ));
      }
    };
  }

  @Override
  public OutputFile newOutputFile(String path) {
    Path f = toPath(path);
    return new OutputFile() {
      @Override public String path() { return path; }

      @Override public PositionOutputStream create(boolean overwrite) throws IOException {
        Files.createDirectories(f.getParent());
        OutputStream os = overwrite
            ? Files.newOutputStream(f)
            : Files.newOutputStream(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new CountingStream(os);
      }

      @Override public void writeAtomically(CloseableIterator<String> lines, boolean overwrite) throws IOException {
        Path tmp = f.resolveSibling("." + f.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.createDirectories(f.getParent());
        try (lines; OutputStream os = Files.newOutputStream(tmp)) {
          while (lines.hasNext()) os.write((lines.next() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        publish(tmp, f, overwrite);
      }
    };
  }

  /** Atomic publish; without overwrite a hard link fails if the target exists (that's how commits conflict). */
  private static void publish(Path tmp, Path target, boolean overwrite) throws IOException {
    try {
      if (overwrite) {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.createLink(target, tmp); // throws java.nio.file.FileAlreadyExistsException, which Kernel expects
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public boolean delete(String path) throws IOException { return Files.deleteIfExists(toPath(path)); }

  @Override
  public Optional<String> getConf(String confKey) { return Optional.empty(); }

  @Override
  public void copyFileAtomically(String srcPath, String destPath, boolean overwrite) throws IOException {
    Path dest = toPath(destPath);
    Path tmp = dest.resolveSibling("." + dest.getFileName() + "." + UUID.randomUUID() + ".tmp");
    Files.copy(toPath(srcPath), tmp);
    if (!overwrite && Files.exists(dest)) {
      Files.delete(tmp);
      throw new FileAlreadyExistsException(dest.toString());
    }
    publish(tmp, dest, overwrite);
  }

  private static final class ChannelStream extends SeekableInputStream {
    private final FileChannel ch;

    ChannelStream(FileChannel ch) { this.ch = ch; }

    @Override public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
      return len == 0 ? 0 : ch.read(ByteBuffer.wrap(b, off, len));
    }

    @Override public long getPos() throws IOException { return ch.position(); }

    @Override public void seek(long pos) throws IOException { ch.position(pos); }

    @Override public void readFully(byte[] b, int off, int len) throws IOException {
      ByteBuffer buf = ByteBuffer.wrap(b, off, len);
      while (buf.hasRemaining()) if (ch.read(buf) < 0) throw new EOFException();
    }

    @Override public void close() throws IOException { ch.close(); }
  }

  private static final class CountingStream extends PositionOutputStream {
    private final OutputStream out;
    private long pos;

    CountingStream(OutputStream out) { this.out = out; }

    @Override public long getPos() { return pos; }

    @Override public void write(int b) throws IOException { out.write(b); pos++; }

    @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); pos += len; }

    @Override public void flush() throws IOException { out.flush(); }

    @Override public void close() throws IOException { out.close(); }
  }
}
