package io.skiff.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.common.SkiffException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecFifoTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir
  Path dir;

  private Path fifo() throws Exception {
    Path fifo = dir.resolve("exec.fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    return fifo;
  }

  @Test
  void readsTheWaitingProcessByteAndRemovesTheFifoAsRuncStartDoes() throws Exception {
    Path fifo = fifo();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try (OutputStream out = Files.newOutputStream(fifo)) {
        out.write('0');
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    ExecFifo.start("c1", fifo, ProcessHandle.current().pid(), 0, WAIT);
    writer.join();
    assertThat(fifo).doesNotExist();
  }

  @Test
  void aProcessThatIsGoneIsAConflictAndNothingStaysBlocked() throws Exception {
    Path fifo = fifo();
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    assertThatThrownBy(() -> ExecFifo.start("c2", fifo, gone.pid(), 0, WAIT))
        .isInstanceOf(SkiffException.Conflict.class).hasMessageContaining("already dead");
  }

  @Test
  void aContainerNotWaitingToBeStartedIsAConflict() {
    assertThatThrownBy(() -> ExecFifo.start("c3", dir.resolve("exec.fifo"), ProcessHandle.current().pid(), 0, WAIT))
        .isInstanceOf(SkiffException.Conflict.class);
  }
}
