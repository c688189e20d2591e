package io.lakehouse.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;

/**
 * The in-memory streams of the object-store test FileIOs (S3TestFileIO, AzureTestFileIO): an object is read whole
 * into memory, and written by buffering it and uploading it in one request on close.
 */
public final class InMemoryStreams {
  private InMemoryStreams() {}

  /** Seekable stream over bytes already in memory. */
  public static SeekableInputStream of(byte[] bytes) {
    return new BytesStream(bytes);
  }

  /** Buffers what is written and hands it to {@link #upload} once, on the first close. */
  public abstract static class BufferedUpload extends PositionOutputStream {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final String location;
    private boolean closed;

    protected BufferedUpload(String location) {
      this.location = location;
    }

    /** Stores the whole object. */
    protected abstract void upload(byte[] bytes) throws IOException;

    @Override public long getPos() { return buf.size(); }

    @Override public void write(int b) throws IOException {
      check();
      buf.write(b);
    }

    @Override public void write(byte[] b, int off, int len) throws IOException {
      check();
      buf.write(b, off, len);
    }

    private void check() throws IOException {
      if (closed) throw new IOException("stream closed: " + location);
    }

    @Override public void close() throws IOException {
      if (closed) return;
      closed = true;
      upload(buf.toByteArray());
    }
  }

  /** Seekable stream over bytes already in memory. */
  private static final class BytesStream extends SeekableInputStream {
    private final byte[] bytes;
    private int pos;

    BytesStream(byte[] bytes) { this.bytes = bytes; }

    @Override public long getPos() { return pos; }

    @Override public void seek(long newPos) throws IOException {
      if (newPos < 0 || newPos > bytes.length) throw new EOFException("seek to " + newPos + " of " + bytes.length);
      pos = (int) newPos;
    }

    @Override public int read() {
      return pos < bytes.length ? bytes[pos++] & 0xff : -1;
    }

    @Override public int read(byte[] b, int off, int len) {
      if (len == 0) return 0;
      if (pos >= bytes.length) return -1;
      int n = Math.min(len, bytes.length - pos);
      System.arraycopy(bytes, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override public long skip(long n) {
      long k = Math.max(0, Math.min(n, bytes.length - pos));
      pos += (int) k;
      return k;
    }

    @Override public int available() { return bytes.length - pos; }
  }
}
