package io.lakehouse.storage.s3;

import io.lakehouse.config.StorageProfile;
import io.lakehouse.storage.FileCache;
import io.lakehouse.storage.ObjectStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3 and S3-compatible stores (MinIO, Ceph, GCS through its S3-interoperable XML API with HMAC keys). Metadata is
 * read with ranged GETs; data files for DuckDB are downloaded whole into the {@link FileCache}, in parallel.
 * Throttling and 5xx answers are retried with backoff by the SDK's standard retry mode.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {
  private static final int READ_CHUNK = 8 << 20;
  private static final int MAX_ATTEMPTS = 6;
  private static final int PARALLEL_DOWNLOADS = 16;

  private final S3Client client;
  private final FileCache cache;
  private final ExecutorService downloads;

  public S3ObjectStore(StorageProfile profile, FileCache cache) {
    S3ClientBuilder b = S3Client.builder()
        .credentialsProvider(S3Credentials.provider(profile.credentials(), profile))
        .httpClient(httpClient(profile))
        .forcePathStyle(profile.pathStyle())
        .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(r -> r.maxAttempts(
            MAX_ATTEMPTS)));
    String region = profile.region() != null ? profile.region() : System.getenv("AWS_REGION");
    b.region(region == null ? Region.US_EAST_1 : Region.of(region));
    if (profile.endpoint() != null) {
      b.endpointOverride(URI.create(profile.endpoint()));
    }
    if (profile.type().equals("gcs")) {
      // GCS's XML API does not implement S3's newer checksum headers.
      b.requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation
              .WHEN_REQUIRED);
    }
    this.client = b.build();
    this.cache = cache;
    this.downloads = Executors.newFixedThreadPool(PARALLEL_DOWNLOADS, r -> {
      Thread t = new Thread(r, "lakehouse-jdbc-s3-download");
      t.setDaemon(true);
      return t;
    });
  }

  static SdkHttpClient httpClient(StorageProfile profile) {
    ApacheHttpClient.Builder b = ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
        .socketTimeout(Duration.ofSeconds(60)).maxConnections(64);
    if (profile.trustStore() != null) {
      b.tlsTrustManagersProvider(TrustStores.provider(Path.of(profile.trustStore())));
    }
    return b.build();
  }

  /** Bucket and key of {@code s3://bucket/key} (also s3a:// and gs://). */
  record S3Path(String bucket, String key) {
    static S3Path of(String location) throws IOException {
      int scheme = location.indexOf("://");
      if (scheme < 0) {
        throw new IOException("not an object-store location: " + location);
      }
      String rest = location.substring(scheme + 3);
      int slash = rest.indexOf('/');
      return slash < 0 ? new S3Path(rest, "") : new S3Path(rest.substring(0, slash), rest.substring(slash + 1));
    }
  }

  private HeadObjectResponse head(String location) throws IOException {
    S3Path p = S3Path.of(location);
    return call(location, () -> client.headObject(r -> r.bucket(p.bucket()).key(p.key())));
  }

  @Override
  public long length(String location) throws IOException {
    return head(location).contentLength();
  }

  @Override
  public long lastModified(String location) throws IOException {
    return head(location).lastModified().toEpochMilli();
  }

  @Override
  public boolean exists(String location) throws IOException {
    try {
      head(location);
      return true;
    } catch (FileNotFoundException e) {
      return false;
    }
  }

  @Override
  public SeekableByteChannel open(String location) throws IOException {
    return new RangeChannel(location, length(location));
  }

  @Override
  public List<FileInfo> listFrom(String location) throws IOException {
    S3Path p = S3Path.of(location);
    int slash = p.key().lastIndexOf('/');
    String dir = slash < 0 ? "" : p.key().substring(0, slash + 1);
    // S3's startAfter is exclusive: start just before the given key, then keep names >= it.
    String startAfter = p.key().isEmpty() ? null : p.key().substring(0, p.key().length() - 1);
    List<FileInfo> out = new ArrayList<>();
    for (FileInfo f : list(location, p.bucket(), dir, startAfter)) {
      if (f.location().compareTo(location) >= 0) {
        out.add(f);
      }
    }
    return out;
  }

  @Override
  public List<FileInfo> list(String directory) throws IOException {
    S3Path p = S3Path.of(directory);
    String dir = p.key().isEmpty() || p.key().endsWith("/") ? p.key() : p.key() + "/";
    return list(directory, p.bucket(), dir, null);
  }

  private List<FileInfo> list(String location, String bucket, String prefix, String startAfter)
      throws IOException {
    String base = location.substring(0, location.indexOf("://") + 3) + bucket + "/";
    List<FileInfo> out = new ArrayList<>();
    String token = null;
    do {
      ListObjectsV2Request.Builder r = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).delimiter("/");
      if (startAfter != null && startAfter.compareTo(prefix) > 0) {
        r.startAfter(startAfter);
      }
      if (token != null) {
        r.continuationToken(token);
      }
      ListObjectsV2Request request = r.build();
      ListObjectsV2Response response = call(location, () -> client.listObjectsV2(request));
      for (S3Object o : response.contents()) {
        out.add(new FileInfo(base + o.key(), o.size(), o.lastModified().toEpochMilli()));
      }
      token = Boolean.TRUE.equals(response.isTruncated()) ? response.nextContinuationToken() : null;
    } while (token != null);
    return out;
  }

  @Override
  public String localPath(String location) throws IOException {
    HeadObjectResponse h = head(location);
    S3Path p = S3Path.of(location);
    return cache.get(location, h.contentLength(), h.eTag(), file -> call(location, () -> {
      GetObjectResponse r = client.getObject(b -> b.bucket(p.bucket()).key(p.key()).ifMatch(h.eTag()), file);
      return r;
    })).toString();
  }

  @Override
  public Map<String, String> localPaths(Collection<String> locations) throws IOException {
    List<Future<String>> futures = new ArrayList<>();
    for (String l : locations) {
      futures.add(downloads.submit(() -> localPath(l)));
    }
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    try {
      for (String l : locations) {
        out.put(l, futures.get(i++).get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      futures.forEach(f -> f.cancel(true));
      throw new IOException("interrupted while fetching files", e);
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    }
    return out;
  }

  @Override
  public List<Path> localDirectories() {
    return List.of(cache.directory());
  }

  private interface Call<T> {
    T run();
  }

  /** Runs an SDK call, turning its failures into the IOExceptions the format libraries understand. */
  private static <T> T call(String location, Call<T> call) throws IOException {
    try {
      return call.run();
    } catch (S3Exception e) {
      int status = e.statusCode();
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      if (status == 404) {
        throw new FileNotFoundException(("NoSuchBucket".equals(code) ? "bucket of " : "") + location
            + " does not exist");
      }
      if (status == 403 || status == 401) {
        throw new AccessDeniedException(location, null, "access denied (" + code + "): check the storage "
            + "profile's credentials");
      }
      throw new IOException("S3 error " + status + " " + code + " reading " + location, e);
    } catch (SdkClientException e) {
      throw new IOException("cannot reach the object store for " + location + ": " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new IOException("object store error for " + location + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    downloads.shutdownNow();
    client.close();
  }

  /** A read-only channel over ranged GETs, buffering one chunk. */
  private final class RangeChannel implements SeekableByteChannel {
    private final String location;
    private final S3Path path;
    private final long size;
    private long position;
    private byte[] buffer = new byte[0];
    private long bufferStart;
    private boolean open = true;

    RangeChannel(String location, long size) throws IOException {
      this.location = location;
      this.path = S3Path.of(location);
      this.size = size;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (!open) {
        throw new ClosedChannelException();
      }
      if (position >= size) {
        return -1;
      }
      if (position < bufferStart || position >= bufferStart + buffer.length) {
        long end = Math.min(size, position + Math.max(READ_CHUNK, dst.remaining())) - 1;
        long start = position;
        ResponseBytes<GetObjectResponse> bytes = call(location, () -> client.getObjectAsBytes(b -> b
            .bucket(path.bucket()).key(path.key()).range("bytes=" + start + "-" + end)));
        buffer = bytes.asByteArray();
        bufferStart = start;
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

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a temp file
    }
  }
}
