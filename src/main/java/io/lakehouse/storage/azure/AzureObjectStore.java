package io.lakehouse.storage.azure;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.lakehouse.config.AzureProfile;
import io.lakehouse.storage.FileCache;
import io.lakehouse.storage.ParallelFetch;
import io.lakehouse.storage.RangeReadChannel;
import io.lakehouse.storage.SupportsLocalFiles;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Azure Blob Storage and ADLS Gen2 (read through the Blob API, which Gen2 accounts also serve). Locations:
 * {@code azure://account/container/path}, {@code az://container/path} (the profile's account),
 * {@code abfss://container@account.dfs.core.windows.net/path}, {@code wasbs://container@account.blob...}.
 * Credentials ({@link AzureCredentials}): account key, SAS token, or Azure AD through azure-identity (client secret,
 * client certificate, managed identity, workload identity, default chain). The SDK retries throttling and 5xx itself.
 */
public final class AzureObjectStore implements SupportsLocalFiles, AutoCloseable {
  private final AzureProfile profile;
  private final FileCache cache;
  private final Map<String, BlobServiceClient> byAccount = new ConcurrentHashMap<>();
  private final ParallelFetch downloads = new ParallelFetch("azure");

  AzureObjectStore(AzureProfile profile, FileCache cache) {
    this.profile = profile;
    this.cache = cache;
  }

  /** Account, container and blob name of a location. */
  record AzurePath(String scheme, String account, String container, String blob) {
    static AzurePath of(String location, String defaultAccount) throws IOException {
      int sep = location.indexOf("://");
      if (sep < 0) {
        throw new IOException("not an Azure location: " + location);
      }
      String scheme = location.substring(0, sep);
      String rest = location.substring(sep + 3);
      int slash = rest.indexOf('/');
      String authority = slash < 0 ? rest : rest.substring(0, slash);
      String path = slash < 0 ? "" : rest.substring(slash + 1);
      switch (scheme) {
        case "azure": {
          int s2 = path.indexOf('/');
          return new AzurePath(scheme, authority, s2 < 0 ? path : path.substring(0, s2),
              s2 < 0 ? "" : path.substring(s2 + 1));
        }
        case "az":
          return new AzurePath(scheme, defaultAccount, authority, path);
        default: {
          // abfss://container@account.dfs.core.windows.net/path, wasbs://container@account.blob.core.windows.net
          int at = authority.indexOf('@');
          if (at < 0) {
            throw new IOException("expected container@account... in " + location);
          }
          String host = authority.substring(at + 1);
          return new AzurePath(scheme, host.substring(0, host.indexOf('.') < 0 ? host.length() : host.indexOf('.')),
              authority.substring(0, at), path);
        }
      }
    }

    /** The location text for a blob of the same container, in the same spelling. */
    String sibling(String original, String blobName) {
      String prefix = original.substring(0, original.length() - blob.length());
      return prefix + blobName;
    }
  }

  private BlobServiceClient service(String account) {
    return byAccount.computeIfAbsent(account, a -> {
      String endpoint = profile.endpoint() != null && a.equals(profile.account()) ? profile.endpoint()
          : "https://" + a + ".blob.core.windows.net";
      BlobServiceClientBuilder b = new BlobServiceClientBuilder().endpoint(endpoint);
      com.azure.core.http.HttpClient http = AzureTls.httpClient(profile.trustStore());
      if (http != null) {
        b.httpClient(http);
      }
      AzureCredentials.apply(b, a, profile.credentials(), http);
      return b.buildClient();
    });
  }

  private BlobClient blob(String location) throws IOException {
    AzurePath p = AzurePath.of(location, profile.account());
    return service(p.account()).getBlobContainerClient(p.container()).getBlobClient(p.blob());
  }

  private BlobProperties properties(String location) throws IOException {
    BlobClient b = blob(location);
    return call(location, b::getProperties);
  }

  @Override
  public long length(String location) throws IOException {
    return properties(location).getBlobSize();
  }

  @Override
  public long lastModified(String location) throws IOException {
    return properties(location).getLastModified().toInstant().toEpochMilli();
  }

  @Override
  public boolean exists(String location) throws IOException {
    try {
      properties(location);
      return true;
    } catch (FileNotFoundException e) {
      return false;
    }
  }

  @Override
  public SeekableByteChannel open(String location) throws IOException {
    BlobClient b = blob(location);
    return new RangeReadChannel(length(location)) {
      @Override
      protected byte[] readRange(long start, long count) throws IOException {
        return range(location, b, start, count, null);
      }
    };
  }

  /** Bytes [start, start + count) of a blob; with an ETag, only of that version of it. */
  private static byte[] range(String location, BlobClient b, long start, long count, String etag)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) count);
    call(location, () -> b.downloadStreamWithResponse(bytes, new BlobRange(start, count), null,
        etag == null ? null : new BlobRequestConditions().setIfMatch(etag), false, null, Context.NONE));
    return bytes.toByteArray();
  }

  @Override
  public List<FileInfo> listFrom(String location) throws IOException {
    AzurePath p = AzurePath.of(location, profile.account());
    int slash = p.blob().lastIndexOf('/');
    String dir = slash < 0 ? "" : p.blob().substring(0, slash + 1);
    List<FileInfo> out = new ArrayList<>();
    for (FileInfo f : list(location, p, dir)) {
      if (f.location().compareTo(location) >= 0) {
        out.add(f);
      }
    }
    return out;
  }

  @Override
  public List<FileInfo> list(String directory) throws IOException {
    String d = directory.endsWith("/") ? directory : directory + "/";
    AzurePath p = AzurePath.of(d, profile.account());
    return list(d, p, p.blob());
  }

  private List<FileInfo> list(String location, AzurePath p, String prefix) throws IOException {
    BlobContainerClient container = service(p.account()).getBlobContainerClient(p.container());
    List<FileInfo> out = new ArrayList<>();
    call(location, () -> {
      for (BlobItem item : container.listBlobsByHierarchy("/", new ListBlobsOptions().setPrefix(prefix), null)) {
        if (!Boolean.TRUE.equals(item.isPrefix())) {
          out.add(new FileInfo(p.sibling(location, item.getName()), item.getProperties().getContentLength(),
              item.getProperties().getLastModified().toInstant().toEpochMilli()));
        }
      }
      return null;
    });
    out.sort((x, y) -> x.location().compareTo(y.location()));
    return out;
  }

  /**
   * Data files are immutable under their names (both table formats): the size and ETag are asked for (blob
   * properties) once per profile and location, then a warm query sends no request for them.
   */
  private FileCache.ObjectVersion version(String location) throws IOException {
    return cache.immutableVersion(profile, location, l -> {
      BlobProperties props = call(l, blob(l)::getProperties);
      return new FileCache.ObjectVersion(props.getBlobSize(), props.getETag());
    });
  }

  @Override
  public String localPath(String location) throws IOException {
    FileCache.ObjectVersion v = version(location);
    BlobClient b = blob(location);
    try {
      return cache.get(location, v.size(), v.etag(), file -> call(location, () ->
          b.downloadToFileWithResponse(file.toString(), null, null, null,
              new BlobRequestConditions().setIfMatch(v.etag()), false, null, Context.NONE))).toString();
    } catch (IOException e) {
      cache.forgetVersion(profile, location); // changed or gone after all: ask the store again next time
      throw e;
    }
  }

  @Override
  public Map<String, String> localPaths(Map<String, java.util.Set<Object>> columnsByLocation) throws IOException {
    return downloads.all(columnsByLocation, cache.sparse(), this::localPath, (l, columns) -> {
      FileCache.ObjectVersion v = version(l);
      BlobClient b = blob(l);
      try {
        return cache.getSparse(l, v.size(), v.etag(), columns,
            (start, count) -> range(l, b, start, count, v.etag())).toString();
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

  private static final Set<String> NOT_FOUND = Set.of("BlobNotFound", "ContainerNotFound", "ResourceNotFound");

  private static <T> T call(String location, Supplier<T> call) throws IOException {
    try {
      return call.get();
    } catch (BlobStorageException e) {
      String code = e.getErrorCode() == null ? "" : e.getErrorCode().toString();
      if (e.getStatusCode() == 404 || NOT_FOUND.contains(code)) {
        throw new FileNotFoundException(location + " does not exist" + (code.startsWith("Container")
            ? " (no such container)" : ""));
      }
      if (e.getStatusCode() == 403 || e.getStatusCode() == 401) {
        throw new AccessDeniedException(location, null, "access denied (" + code + "): check the storage "
            + "profile's credentials");
      }
      throw new IOException("Azure error " + e.getStatusCode() + " " + code + " reading " + location, e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (RuntimeException e) {
      String refused = azureAdRefusal(e);
      if (refused != null) {
        throw new AccessDeniedException(location, null, "Azure AD refused the storage profile's credentials ("
            + refused + "): check tenant_id, client_id and the secret, certificate or token file");
      }
      // azure-identity and the HTTP pipeline report failures (no token, unreachable host) as runtime exceptions.
      throw new IOException("cannot read " + location + " from Azure: " + e.getMessage(), e);
    }
  }

  /**
   * The Azure AD error code (invalid_client, unauthorized_client, ...) when a token request was answered 4xx, or
   * null. azure-identity's synchronous path throws a plain RuntimeException around MSAL's MsalServiceException; the
   * asynchronous one a ClientAuthenticationException.
   */
  private static String azureAdRefusal(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof com.microsoft.aad.msal4j.MsalServiceException m && m.statusCode() != null
          && m.statusCode() >= 400 && m.statusCode() < 500) {
        return m.errorCode();
      }
      if (t instanceof com.azure.core.exception.ClientAuthenticationException) {
        return "authentication failed";
      }
    }
    return null;
  }

  @Override
  public void close() {
    downloads.close();
  }
}
