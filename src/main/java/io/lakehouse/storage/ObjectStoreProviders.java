package io.lakehouse.storage;

import io.lakehouse.config.StorageProfile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The {@link ObjectStoreProvider}s on the driver's class path, loaded once with the driver's class loader. */
final class ObjectStoreProviders {
  private static final List<ObjectStoreProvider<?>> ALL = load();

  private ObjectStoreProviders() {}

  /** A new store for the profile, from the first provider of its type. */
  static ObjectStore create(StorageProfile profile, FileCache cache) throws IOException {
    for (ObjectStoreProvider<?> provider : ALL) {
      if (provider.profileType().isInstance(profile)) {
        return create(provider, profile, cache);
      }
    }
    throw new IOException(profile.type() + " storage is not supported yet");
  }

  private static <P extends StorageProfile> ObjectStore create(ObjectStoreProvider<P> provider,
      StorageProfile profile, FileCache cache) throws IOException {
    return provider.create(provider.profileType().cast(profile), cache);
  }

  private static List<ObjectStoreProvider<?>> load() {
    List<ObjectStoreProvider<?>> out = new ArrayList<>();
    // The driver's own loader: an application's context class loader need not see the driver's resources.
    for (ObjectStoreProvider<?> p : ServiceLoader.load(ObjectStoreProvider.class,
        ObjectStoreProvider.class.getClassLoader())) {
      out.add(p);
    }
    return List.copyOf(out);
  }
}
