package io.lakehouse.storage.azure;

import io.lakehouse.config.AzureProfile;
import io.lakehouse.storage.FileCache;
import io.lakehouse.storage.ObjectStore;
import io.lakehouse.storage.ObjectStoreProvider;

/** Azure Blob Storage and ADLS Gen2: {@link AzureObjectStore}. */
public final class AzureStoreProvider implements ObjectStoreProvider<AzureProfile> {
  @Override
  public Class<AzureProfile> profileType() {
    return AzureProfile.class;
  }

  @Override
  public ObjectStore create(AzureProfile profile, FileCache cache) {
    return new AzureObjectStore(profile, cache);
  }
}
