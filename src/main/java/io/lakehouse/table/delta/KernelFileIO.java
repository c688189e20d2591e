package io.lakehouse.table.delta;

import io.delta.kernel.defaults.engine.fileio.FileIO;
import io.delta.kernel.defaults.engine.fileio.InputFile;
import io.delta.kernel.defaults.engine.fileio.OutputFile;
import io.delta.kernel.defaults.engine.fileio.SeekableInputStream;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.lakehouse.storage.ObjectStore;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;

/**
 * Delta Kernel's file API over our {@link ObjectStore}, so Kernel needs no Hadoop FileSystem and shares the
 * driver's storage path. Read-only: every write method refuses.
 */
final class KernelFileIO implements FileIO {
  /**
   * Files the Delta protocol never rewrites under the same name: commits, checkpoints, checksums, deletion vectors.
   * ({@code _last_checkpoint} is rewritten and is not among them.)
   */
  private static final java.util.regex.Pattern IMMUTABLE = java.util.regex.Pattern.compile(
      "(/_delta_log/\\d{20}\\.(json|crc)$)|(\\.checkpoint(\\.\\d+\\.\\d+)?(\\.[^/]+)?\\.(parquet|json)$)"
          + "|(/deletion_vector_[^/]+\\.bin$)");

  private final ObjectStore store;

  KernelFileIO(ObjectStore store) {
    this.store = store;
  }

  @Override
  public CloseableIterator<FileStatus> listFrom(String filePath) throws IOException {
    return Utils.toCloseableIterator(store.listFrom(filePath).stream()
        .map(f -> FileStatus.of(f.location(), f.size(), f.lastModified())).iterator());
  }

  @Override
  public FileStatus getFileStatus(String path) throws IOException {
    return FileStatus.of(path, store.length(path), store.lastModified(path));
  }

  @Override
  public String resolvePath(String path) {
    return path;
  }

  @Override
  public boolean mkdirs(String path) {
    throw readOnly();
  }

  @Override
  public InputFile newInputFile(String path, long fileSize) {
    return new InputFile() {
      @Override
      public long length() throws IOException {
        return fileSize >= 0 ? fileSize : store.length(path);
      }

      @Override
      public String path() {
        return path;
      }

      @Override
      public SeekableInputStream newStream() throws IOException {
        return new ChannelInputStream(IMMUTABLE.matcher(path).find() ? store.openImmutable(path) : store.open(path));
      }
    };
  }

  @Override
  public OutputFile newOutputFile(String path) {
    throw readOnly();
  }

  @Override
  public boolean delete(String path) {
    throw readOnly();
  }

  @Override
  public Optional<String> getConf(String confKey) {
    return Optional.empty();
  }

  @Override
  public void copyFileAtomically(String srcPath, String destPath, boolean overwrite) {
    throw readOnly();
  }

  private static UnsupportedOperationException readOnly() {
    return new UnsupportedOperationException("lakehouse-jdbc is read-only");
  }

  /** A seekable stream over a byte channel. */
  private static final class ChannelInputStream extends SeekableInputStream {
    private final SeekableByteChannel channel;

    ChannelInputStream(SeekableByteChannel channel) {
      this.channel = channel;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      return channel.read(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public long getPos() throws IOException {
      return channel.position();
    }

    @Override
    public void seek(long pos) throws IOException {
      channel.position(pos);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
      ByteBuffer buf = ByteBuffer.wrap(b, off, len);
      while (buf.hasRemaining()) {
        if (channel.read(buf) < 0) {
          throw new EOFException("Unexpected end of file");
        }
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
