package io.skiff.store.etcd;

import io.skiff.store.Store;
import io.skiff.store.StoreConformance;
import io.skiff.store.etcd.testing.EtcdProcess;
import io.skiff.testing.RequiresRoot;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The store conformance suite, unchanged, against {@link EtcdStore} on a real etcd. One etcd serves the whole class
 * (each test keeps its keys under its own prefix); a reopen is a new client on the same etcd.
 */
@RequiresRoot
@Tag("etcd")
class EtcdStoreIT extends StoreConformance {
  private static EtcdProcess etcd;

  @BeforeAll
  static void startEtcd() {
    etcd = EtcdProcess.start();
  }

  @AfterAll
  static void stopEtcd() {
    if (etcd != null) {
      etcd.close();
    }
  }

  private static EtcdStore connect() {
    return EtcdStore.connect(EtcdStoreConfig.parse(etcd.endpoint(), Optional.empty()));
  }

  @Override
  protected Store newStore(Path dir) {
    return connect();
  }

  @Override
  protected Store reopen(Path dir) {
    return connect();
  }
}
