package io.lakehouse.table.iceberg;

import io.lakehouse.storage.ObjectStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SeekableInputStream;

/** Iceberg's FileIO over our {@link ObjectStore}: metadata, manifests and delete files share one storage path. */
final class StoreFileIO implements FileIO {
  private static final long serialVersionUID = 1L;
  private final transient ObjectStore store;

  StoreFileIO(ObjectStore store) {
    this.store = store;
  }

  @Override
  public InputFile newInputFile(String path) {
    return new StoreInputFile(path, -1);
  }

  @Override
  public InputFile newInputFile(String path, long length) {
    return new StoreInputFile(path, length);
  }

  @Override
  public OutputFile newOutputFile(String path) {
    throw new UnsupportedOperationException("lakehouse-jdbc is read-only");
  }

  @Override
  public void deleteFile(String path) {
    throw new UnsupportedOperationException("lakehouse-jdbc is read-only");
  }

  private final class StoreInputFile implements InputFile {
    private final String path;
    private final long knownLength;

    StoreInputFile(String path, long knownLength) {
      this.path = path;
      this.knownLength = knownLength;
    }

    @Override
    public long getLength() {
      if (knownLength >= 0) {
        return knownLength;
      }
      try {
        return store.length(path);
      } catch (FileNotFoundException e) {
        throw new NotFoundException(e, "File does not exist: %s", path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public SeekableInputStream newStream() {
      try {
        // Iceberg never rewrites a metadata file, manifest list, manifest or Puffin file (deletion vectors) under
        // the same name: they come from the local file cache after their first read.
        boolean immutable = path.endsWith(".metadata.json") || path.endsWith(".avro")
            || path.endsWith(".metadata.json.gz") || path.endsWith(".puffin");
        return new ChannelStream(immutable ? store.openImmutable(path) : store.open(path));
      } catch (FileNotFoundException e) {
        throw new NotFoundException(e, "File does not exist: %s", path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String location() {
      return path;
    }

    @Override
    public boolean exists() {
      try {
        return store.exists(path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static final class ChannelStream extends SeekableInputStream {
    private final SeekableByteChannel channel;

    ChannelStream(SeekableByteChannel channel) {
      this.channel = channel;
    }

    @Override
    public long getPos() throws IOException {
      return channel.position();
    }

    @Override
    public void seek(long newPos) throws IOException {
      channel.position(newPos);
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
    public void close() throws IOException {
      channel.close();
    }
  }
}
