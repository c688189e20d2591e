package io.lakehouse.testing.azure;

import io.lakehouse.testing.InMemoryStreams;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;

import java.io.IOException;

/**
 * A minimal Iceberg {@link FileIO} over the Azure Blob SDK for TEST WRITERS (and reference reads with Iceberg's own
 * reader), e.g. against an {@link AzuriteServer}. Not the driver's storage layer: tables written with it are read back
 * by the driver through its own code ({@code io.lakehouse.storage.azure.AzureObjectStore}).
 *
 * <p>Locations are mapped to (account, container, blob) exactly as the driver maps them:
 * <ul>
 *   <li>{@code azure://<account>/<container>/<blob>}</li>
 *   <li>{@code az://<container>/<blob>} (this FileIO's account)</li>
 *   <li>{@code abfs[s]://<container>@<account>.dfs.core.windows.net/<blob>} and
 *       {@code wasb[s]://<container>@<account>.blob.core.windows.net/<blob>} (account = first host label)</li>
 * </ul>
 * A location naming another account than the one this FileIO serves is rejected, so that nothing is silently written
 * where the driver would not look. The blob name is the location's path as written (no %-decoding), the same string
 * the driver hands the SDK.
 *
 * <p>Input files are fetched whole on first read and served from memory; output files are buffered and uploaded on
 * close. {@link OutputFile#create()} is atomic: the upload carries {@code If-None-Match: *}, and a blob that already
 * exists is an {@link AlreadyExistsException}.
 */
public final class AzureTestFileIO implements FileIO {

  private final String account;
  private final transient BlobServiceClient service;

  /** Serves {@code account}'s locations through {@code service} (a client for that account's Blob endpoint). */
  public AzureTestFileIO(String account, BlobServiceClient service) {
    this.account = account;
    this.service = service;
  }

  /** Azurite's account through its shared, account-key-authenticated client. */
  public static AzureTestFileIO forServer(AzuriteServer azurite) {
    return new AzureTestFileIO(azurite.account(), azurite.serviceClient());
  }

  public String account() { return account; }

  public BlobServiceClient client() { return service; }

  // ------------------------------------------------------------------------------------------- location spellings

  /** {@code abfss://<container>@<account>.dfs.core.windows.net/<path>}. */
  public static String abfss(String account, String container, String path) {
    return "abfss://" + container + "@" + account + ".dfs.core.windows.net/" + strip(path);
  }

  /** {@code azure://<account>/<container>/<path>}. */
  public static String azure(String account, String container, String path) {
    return "azure://" + account + "/" + container + "/" + strip(path);
  }

  private static String strip(String path) { return path.replaceAll("^/+", ""); }

  /** Where a location lives: storage account, container and blob name. */
  public record Loc(String account, String container, String blob) {

    /** Parses any supported spelling; {@code defaultAccount} serves {@code az://}. */
    public static Loc parse(String location, String defaultAccount) {
      int sep = location.indexOf("://");
      if (sep <= 0) throw new IllegalArgumentException("not an Azure location: " + location);
      String scheme = location.substring(0, sep);
      String rest = location.substring(sep + 3);
      int slash = rest.indexOf('/');
      String authority = slash < 0 ? rest : rest.substring(0, slash);
      String path = slash < 0 ? "" : rest.substring(slash + 1);
      Loc loc;
      switch (scheme) {
        case "azure" -> {
          int s2 = path.indexOf('/');
          if (s2 <= 0) throw new IllegalArgumentException("expected azure://account/container/blob: " + location);
          loc = new Loc(authority, path.substring(0, s2), path.substring(s2 + 1));
        }
        case "az" -> loc = new Loc(defaultAccount, authority, path);
        case "abfs", "abfss", "wasb", "wasbs" -> {
          int at = authority.indexOf('@');
          if (at <= 0) throw new IllegalArgumentException("expected container@account.<host> in " + location);
          String host = authority.substring(at + 1);
          int dot = host.indexOf('.');
          loc = new Loc(dot < 0 ? host : host.substring(0, dot), authority.substring(0, at), path);
        }
        default -> throw new IllegalArgumentException("not an Azure location: " + location);
      }
      if (loc.account == null || loc.account.isEmpty() || loc.container.isEmpty() || loc.blob.isEmpty()) {
        throw new IllegalArgumentException("no account, container or blob name in " + location);
      }
      return loc;
    }
  }

  /** The blob a location names, in this FileIO's account. */
  public Loc locate(String location) {
    Loc l = Loc.parse(location, account);
    if (!l.account().equals(account)) {
      throw new IllegalArgumentException("location " + location + " is in account '" + l.account()
          + "', this FileIO serves '" + account + "'");
    }
    return l;
  }

  private BlobClient blob(String location) {
    Loc l = locate(location);
    return service.getBlobContainerClient(l.container()).getBlobClient(l.blob());
  }

  // ----------------------------------------------------------------------------------------------------- FileIO

  @Override public InputFile newInputFile(String location) { return new In(location, -1); }

  @Override public InputFile newInputFile(String location, long length) { return new In(location, length); }

  @Override public OutputFile newOutputFile(String location) { return new Out(location); }

  @Override public void deleteFile(String location) { blob(location).deleteIfExists(); }

  private static boolean notFound(BlobStorageException e) {
    return e.getStatusCode() == 404 || BlobErrorCode.BLOB_NOT_FOUND.equals(e.getErrorCode())
        || BlobErrorCode.CONTAINER_NOT_FOUND.equals(e.getErrorCode());
  }

  private final class In implements InputFile {
    private final String location;
    private final BlobClient blob;
    private long length;

    In(String location, long length) {
      this.location = location;
      this.blob = blob(location);
      this.length = length;
    }

    @Override public long getLength() {
      if (length < 0) {
        try {
          length = blob.getProperties().getBlobSize();
        } catch (BlobStorageException e) {
          if (notFound(e)) throw new NotFoundException(e, "File does not exist: %s", location);
          throw e;
        }
      }
      return length;
    }

    @Override public SeekableInputStream newStream() {
      byte[] bytes;
      try {
        bytes = blob.downloadContent().toBytes();
      } catch (BlobStorageException e) {
        if (notFound(e)) throw new NotFoundException(e, "File does not exist: %s", location);
        throw e;
      }
      length = bytes.length;
      return InMemoryStreams.of(bytes);
    }

    @Override public String location() { return location; }

    @Override public boolean exists() { return blob.exists(); }
  }

  private final class Out implements OutputFile {
    private final String location;
    private final BlobClient blob;

    Out(String location) {
      this.location = location;
      this.blob = blob(location);
    }

    @Override public PositionOutputStream create() {
      if (blob.exists()) throw new AlreadyExistsException("Location already exists: %s", location);
      return upload(true);
    }

    @Override public PositionOutputStream createOrOverwrite() { return upload(false); }

    @Override public String location() { return location; }

    @Override public InputFile toInputFile() { return new In(location, -1); }

    /** One upload of the whole blob on close; {@code exclusive}: only if nothing is there yet (If-None-Match). */
    private PositionOutputStream upload(boolean exclusive) {
      return new InMemoryStreams.BufferedUpload(location) {
        @Override protected void upload(byte[] bytes) throws IOException {
          BlobParallelUploadOptions options = new BlobParallelUploadOptions(BinaryData.fromBytes(bytes));
          if (exclusive) options.setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*"));
          try {
            blob.uploadWithResponse(options, null, Context.NONE);
          } catch (BlobStorageException e) {
            if (exclusive && (e.getStatusCode() == 409 || e.getStatusCode() == 412)) {
              throw new AlreadyExistsException(e, "Location already exists: %s", location);
            }
            throw new IOException("upload of " + location + " failed: " + e.getStatusCode() + " " + e.getErrorCode(),
                e);
          }
        }
      };
    }

  }

}
