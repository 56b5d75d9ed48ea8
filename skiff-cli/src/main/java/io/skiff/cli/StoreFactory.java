package io.skiff.cli;

import io.skiff.store.Store;
import io.skiff.store.sqlite.SqliteStore;
import java.nio.file.Path;

/** Chooses the store by the datastore endpoint's scheme, as kine does: none means the embedded SQLite store. */
final class StoreFactory {
  private StoreFactory() {}

  static Store open(String endpoint, Path dataDir) {
    if (endpoint == null || endpoint.isBlank() || endpoint.startsWith("sqlite://")) {
      Path file = endpoint == null || endpoint.isBlank() ? dataDir.resolve("db").resolve("state.db") : Path.of(endpoint.substring("sqlite://".length()));
      return SqliteStore.open(file);
    }
    if (endpoint.startsWith("http://") || endpoint.startsWith("https://")) {
      throw new IllegalArgumentException("--datastore-endpoint " + endpoint
          + ": etcd is not supported by this build of skiff yet (the embedded SQLite store is used when the flag is left out)");
    }
    throw new IllegalArgumentException("--datastore-endpoint " + endpoint + ": unknown scheme (use sqlite://FILE, or leave it out)");
  }
}
