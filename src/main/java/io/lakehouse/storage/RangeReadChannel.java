package io.lakehouse.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only channel over an object store's ranged GETs, buffering one chunk: metadata readers seek and read small
 * pieces, and one request per piece would be slow.
 */
public abstract class RangeReadChannel implements SeekableByteChannel {
  private static final int READ_CHUNK = 8 << 20;

  private final long size;
  private long position;
  private byte[] buffer = new byte[0];
  private long bufferStart;
  private boolean open = true;

  protected RangeReadChannel(long size) {
    this.size = size;
  }

  /** The bytes [start, start + count) of the object. */
  protected abstract byte[] readRange(long start, long count) throws IOException;

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (!open) {
      throw new ClosedChannelException();
    }
    if (position >= size) {
      return -1;
    }
    if (position < bufferStart || position >= bufferStart + buffer.length) {
      long count = Math.min(size - position, Math.max(READ_CHUNK, dst.remaining()));
      buffer = readRange(position, count);
      bufferStart = position;
      if (buffer.length == 0) {
        return -1;
      }
    }
    int offset = (int) (position - bufferStart);
    int n = Math.min(dst.remaining(), buffer.length - offset);
    dst.put(buffer, offset, n);
    position += n;
    return n;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) {
    position = newPosition;
    return this;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public SeekableByteChannel truncate(long s) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
    buffer = new byte[0];
  }
}
