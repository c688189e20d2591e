package io.lakehouse.testing.s3;

import io.lakehouse.testing.InMemoryStreams;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;

/**
 * A minimal Iceberg {@link FileIO} over the AWS SDK for TEST WRITERS (and reference reads): {@code s3://bucket/key}
 * (also {@code s3a://}, {@code s3n://}, {@code gs://} when the client points at an S3-interop server). Not the driver's
 * storage layer — tables written with it are read back by the driver through its own code.
 *
 * <p>Input files are fetched whole on first read (one GET) and served from memory; output files are buffered and
 * PUT on close. {@link OutputFile#create()} is atomic where the server honours {@code If-None-Match: *} (s3proxy 4.1
 * does: 412 -> {@link AlreadyExistsException}).
 */
public final class S3TestFileIO implements FileIO {

  private final S3Client s3;

  public S3TestFileIO(S3Client s3) { this.s3 = s3; }

  public S3Client client() { return s3; }

  @Override public InputFile newInputFile(String location) { return new In(location, -1); }

  @Override public InputFile newInputFile(String location, long length) { return new In(location, length); }

  @Override public OutputFile newOutputFile(String location) { return new Out(location); }

  @Override public void deleteFile(String location) {
    Loc l = Loc.parse(location);
    s3.deleteObject(b -> b.bucket(l.bucket).key(l.key));
  }

  /** {@code scheme://bucket/key} split. */
  public record Loc(String bucket, String key) {
    public static Loc parse(String location) {
      int sep = location.indexOf("://");
      if (sep < 0) throw new IllegalArgumentException("not an object store location: " + location);
      String rest = location.substring(sep + 3);
      int slash = rest.indexOf('/');
      if (slash <= 0 || slash == rest.length() - 1) throw new IllegalArgumentException("no key in " + location);
      return new Loc(rest.substring(0, slash), rest.substring(slash + 1));
    }
  }

  private final class In implements InputFile {
    private final String location;
    private final Loc loc;
    private long length;

    In(String location, long length) {
      this.location = location;
      this.loc = Loc.parse(location);
      this.length = length;
    }

    @Override public long getLength() {
      if (length < 0) {
        HeadObjectResponse h = head();
        if (h == null) throw new NotFoundException("File does not exist: %s", location);
        length = h.contentLength();
      }
      return length;
    }

    @Override public SeekableInputStream newStream() {
      byte[] bytes;
      try {
        bytes = s3.getObjectAsBytes(b -> b.bucket(loc.bucket).key(loc.key)).asByteArray();
      } catch (NoSuchKeyException e) {
        throw new NotFoundException(e, "File does not exist: %s", location);
      }
      length = bytes.length;
      return InMemoryStreams.of(bytes);
    }

    @Override public String location() { return location; }

    @Override public boolean exists() { return head() != null; }

    private HeadObjectResponse head() {
      try {
        return s3.headObject(b -> b.bucket(loc.bucket).key(loc.key));
      } catch (NoSuchKeyException e) {
        return null;
      } catch (S3Exception e) {
        if (e.statusCode() == 404) return null;
        throw e;
      }
    }
  }

  private final class Out implements OutputFile {
    private final String location;
    private final Loc loc;

    Out(String location) {
      this.location = location;
      this.loc = Loc.parse(location);
    }

    @Override public PositionOutputStream create() {
      if (new In(location, -1).exists()) throw new AlreadyExistsException("Location already exists: %s", location);
      return put(true);
    }

    @Override public PositionOutputStream createOrOverwrite() { return put(false); }

    @Override public String location() { return location; }

    @Override public InputFile toInputFile() { return new In(location, -1); }

    /** One PUT of the whole object on close; {@code exclusive}: only if nothing is there yet (If-None-Match). */
    private PositionOutputStream put(boolean exclusive) {
      return new InMemoryStreams.BufferedUpload(location) {
        @Override protected void upload(byte[] bytes) throws IOException {
          try {
            s3.putObject(b -> {
              b.bucket(loc.bucket).key(loc.key);
              if (exclusive) b.ifNoneMatch("*");
            }, RequestBody.fromBytes(bytes));
          } catch (S3Exception e) {
            if (exclusive && e.statusCode() == 412) {
              throw new AlreadyExistsException(e, "Location already exists: %s", location);
            }
            throw new IOException("PUT " + location + " failed: " + e.statusCode() + " "
                + (e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : ""), e);
          }
        }
      };
    }

  }

}
