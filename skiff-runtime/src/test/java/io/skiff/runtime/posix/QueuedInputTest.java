package io.skiff.runtime.posix;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class QueuedInputTest {

  @Test
  void chunksAreReadInOrderAndTheEndAfterThem() throws Exception {
    QueuedInput in = new QueuedInput();
    in.push("hello ".getBytes(StandardCharsets.UTF_8));
    in.push("world".getBytes(StandardCharsets.UTF_8));
    in.end();
    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello world");
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void aFullQueueHoldsTheFeederUntilTheReaderCatchesUp() throws Exception {
    QueuedInput in = new QueuedInput();
    in.push(new byte[QueuedInput.LIMIT]);
    AtomicBoolean pushed = new AtomicBoolean();
    Thread feeder = Thread.ofVirtual().start(() -> {
      try {
        in.push(new byte[] {1});
        pushed.set(true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    io.skiff.testing.Await.until("the feeder to wait for room", java.time.Duration.ofSeconds(10), feeder::getState,
        st -> st == Thread.State.WAITING);
    assertThat(pushed).isFalse();
    assertThat(in.readNBytes(QueuedInput.LIMIT)).hasSize(QueuedInput.LIMIT);
    feeder.join();
    assertThat(pushed).isTrue();
    assertThat(in.read()).isEqualTo(1);
  }

  @Test
  void discardingDropsWhatIsQueuedAndReleasesAWaitingFeeder() throws Exception {
    QueuedInput in = new QueuedInput();
    in.push(new byte[QueuedInput.LIMIT]);
    Thread feeder = Thread.ofVirtual().start(() -> {
      try {
        in.push(new byte[] {1});
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    in.discard();
    feeder.join();
    assertThat(in.read()).isEqualTo(-1);
  }
}
