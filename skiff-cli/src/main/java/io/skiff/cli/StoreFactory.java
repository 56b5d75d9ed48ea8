package io.skiff.cli;

import io.skiff.store.Store;
import io.skiff.store.etcd.EtcdStore;
import io.skiff.store.etcd.EtcdStoreConfig;
import io.skiff.store.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Chooses the store by the datastore endpoint's scheme, as kine does: none means the embedded SQLite store,
 * {@code http(s)://} means etcd.
 */
final class StoreFactory {
  private StoreFactory() {}

  /**
   * Opens the store.
   *
   * @throws IllegalArgumentException for a malformed endpoint or TLS files that do not exist
   * @throws io.skiff.common.SkiffException.Unavailable when etcd does not answer (the message names the endpoint)
   */
  static Store open(Datastore datastore, Path dataDir) {
    String endpoint = datastore.endpoint();
    if (datastore.isEtcd()) {
      return EtcdStore.connect(EtcdStoreConfig.parse(endpoint, tls(datastore)));
    }
    if (datastore.hasTlsFiles()) {
      throw new IllegalArgumentException("--datastore-cafile/--datastore-certfile/--datastore-keyfile are for an https:// etcd endpoint");
    }
    if (endpoint == null || endpoint.isBlank() || endpoint.startsWith("sqlite://")) {
      Path file = endpoint == null || endpoint.isBlank() ? dataDir.resolve("db").resolve("state.db") : Path.of(endpoint.substring("sqlite://".length()));
      return SqliteStore.open(file);
    }
    throw new IllegalArgumentException("--datastore-endpoint " + endpoint
        + ": unknown scheme (use http(s)://HOST:PORT for etcd, sqlite://FILE, or leave it out)");
  }

  private static Optional<EtcdStoreConfig.Tls> tls(Datastore d) {
    if (!d.hasTlsFiles()) {
      return Optional.empty();
    }
    for (Path p : new Path[] {d.caFile(), d.certFile(), d.keyFile()}) {
      if (p != null && !Files.isReadable(p)) {
        throw new IllegalArgumentException("datastore TLS file " + p + " cannot be read");
      }
    }
    return Optional.of(new EtcdStoreConfig.Tls(d.caFile(), d.certFile(), d.keyFile()));
  }
}
