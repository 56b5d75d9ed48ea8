package io.skiff.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.store.Store;
import io.skiff.store.StoreConformance;
import io.skiff.store.Watch;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MemoryStoreTest extends StoreConformance {

  @Override
  protected Store newStore(Path dir) {
    return new MemoryStore();
  }

  @Test
  void aWatcherThatLetsItsQueueOverflowIsClosed() throws InterruptedException {
    try (MemoryStore small = new MemoryStore(3)) {
      Watch slow = small.watch("/", small.currentRevision());
      for (int i = 0; i < 4; i++) {
        small.create("/k" + i, new byte[0]);
      }
      assertThat(slow.isClosed()).isTrue();
      assertThat(slow.poll(Duration.ofSeconds(5))).isEmpty();
    }
  }
}
