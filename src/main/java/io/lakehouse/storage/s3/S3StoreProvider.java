package io.lakehouse.storage.s3;

import io.lakehouse.config.S3Profile;
import io.lakehouse.storage.FileCache;
import io.lakehouse.storage.ObjectStore;
import io.lakehouse.storage.ObjectStoreProvider;

/** S3, S3-compatible stores and GCS (its S3-interoperable API): {@link S3ObjectStore}. */
public final class S3StoreProvider implements ObjectStoreProvider<S3Profile> {
  @Override
  public Class<S3Profile> profileType() {
    return S3Profile.class;
  }

  @Override
  public ObjectStore create(S3Profile profile, FileCache cache) {
    return new S3ObjectStore(profile, cache);
  }
}
