package io.lakehouse.storage.s3;

import io.lakehouse.config.S3Profile;
import io.lakehouse.storage.FileCache;
import io.lakehouse.storage.ParallelFetch;
import io.lakehouse.storage.RangeReadChannel;
import io.lakehouse.storage.SupportsLocalFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
public final class S3ObjectStore implements SupportsLocalFiles, AutoCloseable {
  private static final int MAX_ATTEMPTS = 6;

  private final S3Client client;
  private final FileCache cache;
  /** The store's access (endpoint and credentials): what remembered object versions are scoped by. */
  private final S3Profile profile;
  private final ParallelFetch downloads;

  S3ObjectStore(S3Profile profile, FileCache cache) {
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
    if (profile.gcs()) {
      // GCS's XML API does not implement S3's newer checksum headers.
      b.requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation
              .WHEN_REQUIRED);
    }
    this.client = b.build();
    this.cache = cache;
    this.profile = profile;
    this.downloads = new ParallelFetch("s3");
  }

  static SdkHttpClient httpClient(S3Profile profile) {
    ApacheHttpClient.Builder b = ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
        .socketTimeout(Duration.ofSeconds(60)).maxConnections(64);
    if (profile.trustStore() != null) {
      b.tlsTrustManagersProvider(TrustStores.provider(profile.trustStore()));
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
    return new RangeReadChannel(length(location)) {
      @Override
      protected byte[] readRange(long start, long count) throws IOException {
        return range(location, start, count, null);
      }
    };
  }

  /** Bytes [start, start + count) of an object; with an ETag, only of that version of it. */
  private byte[] range(String location, long start, long count, String etag) throws IOException {
    S3Path p = S3Path.of(location);
    return call(location, () -> client.getObjectAsBytes(b -> b.bucket(p.bucket()).key(p.key()).ifMatch(etag)
        .range("bytes=" + start + "-" + (start + count - 1)))).asByteArray();
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

  /**
   * Data files are immutable under their names (both table formats): the size and ETag are asked for (HEAD) once
   * per profile and location, then a warm query sends no request for them.
   */
  private FileCache.ObjectVersion version(String location) throws IOException {
    return cache.immutableVersion(profile, location, l -> {
      HeadObjectResponse h = head(l);
      return new FileCache.ObjectVersion(h.contentLength(), h.eTag());
    });
  }

  @Override
  public String localPath(String location) throws IOException {
    FileCache.ObjectVersion v = version(location);
    S3Path p = S3Path.of(location);
    try {
      return cache.get(location, v.size(), v.etag(), file -> call(location, () -> client.getObject(
          b -> b.bucket(p.bucket()).key(p.key()).ifMatch(v.etag()), file))).toString();
    } catch (IOException e) {
      cache.forgetVersion(profile, location); // changed or gone after all: ask the store again next time
      throw e;
    }
  }

  @Override
  public Map<String, String> localPaths(Map<String, java.util.Set<Object>> columnsByLocation) throws IOException {
    return downloads.all(columnsByLocation, cache.sparse(), this::localPath, (l, columns) -> {
      FileCache.ObjectVersion v = version(l);
      try {
        return cache.getSparse(l, v.size(), v.etag(), columns,
            (start, count) -> range(l, start, count, v.etag())).toString();
      } catch (IOException e) {
        cache.forgetVersion(profile, l);
        throw e;
      }
    });
  }

  @Override
  public Map<String, String> localPaths(Collection<String> locations) throws IOException {
    return downloads.all(locations, this::localPath);
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
    downloads.close();
    client.close();
  }
}
