package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.store.Store;
import io.skiff.store.sqlite.SqliteStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFactoryTest {
  @TempDir
  Path dir;

  @Test
  void noEndpointOpensTheEmbeddedStoreInTheDataDir() {
    try (Store store = StoreFactory.open(Datastore.embedded(), dir)) {
      assertThat(store).isInstanceOf(SqliteStore.class);
      assertThat(((SqliteStore) store).file()).isEqualTo(dir.resolve("db/state.db"));
    }
  }

  @Test
  void httpAndHttpsEndpointsAreEtcd() {
    assertThat(Datastore.etcd("http://127.0.0.1:2379").isEtcd()).isTrue();
    assertThat(Datastore.etcd("https://a:2379,https://b:2379").isEtcd()).isTrue();
    assertThat(Datastore.embedded().isEtcd()).isFalse();
    assertThat(new Datastore("sqlite:///tmp/x.db", null, null, null).isEtcd()).isFalse();
  }

  @Test
  void unknownSchemesAndMisplacedTlsFilesAreRefused() {
    assertThatThrownBy(() -> StoreFactory.open(new Datastore("mysql://db:3306", null, null, null), dir))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown scheme");
    assertThatThrownBy(() -> StoreFactory.open(new Datastore(null, dir.resolve("ca.crt"), null, null), dir))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("are for an https:// etcd endpoint");
    assertThatThrownBy(() -> StoreFactory.open(new Datastore("https://127.0.0.1:2379", dir.resolve("missing.crt"), null, null), dir))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.crt cannot be read");
  }
}
