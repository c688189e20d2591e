package io.lakehouse.storage;

import io.lakehouse.config.StorageProfile;
import java.io.IOException;

/**
 * Makes the object store of one kind of storage profile ({@code storage.s3}: S3 and GCS profiles,
 * {@code storage.azure}: Azure profiles). Providers are found with {@link java.util.ServiceLoader} from
 * {@code META-INF/services/io.lakehouse.storage.ObjectStoreProvider}, so this package names no store: the store
 * packages depend on {@code storage}, never the reverse. A new store is a provider, a profile record in
 * {@code config} and a line in that file.
 *
 * @param <P> the profile record this provider reads
 */
public interface ObjectStoreProvider<P extends StorageProfile> {
  /** The profiles this provider makes stores for. */
  Class<P> profileType();

  /**
   * A store for the profile. Remote stores hand files to the engine through the cache, so they implement
   * {@link SupportsLocalFiles}; a store that is {@link AutoCloseable} is closed with its connection.
   */
  ObjectStore create(P profile, FileCache cache) throws IOException;
}
