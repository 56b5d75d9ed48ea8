package io.skiff.runtime.conmon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitWatcherTest {
  @TempDir
  Path dir;

  @Test
  void awaitReturnsOnceConmonRenamesTheExitFileIntoPlace() throws Exception {
    try (ExitWatcher w = new ExitWatcher(dir)) {
      CompletableFuture<Optional<ExitRecord>> waiting = CompletableFuture.supplyAsync(() -> w.await("c1", Duration.ofSeconds(10)));
      assertThat(w.read("c1")).isEmpty();
      Path tmp = dir.resolve("c1.ABC123");
      Files.writeString(tmp, "137");
      Files.move(tmp, dir.resolve("c1"), StandardCopyOption.ATOMIC_MOVE);
      Optional<ExitRecord> exit = waiting.get();
      assertThat(exit).map(ExitRecord::exitCode).contains(137);
      assertThat(w.read("c1")).map(ExitRecord::exitCode).contains(137);
    }
  }

  @Test
  void awaitGivesUpAfterTheTimeoutAndForgetRemovesTheRecord() throws Exception {
    try (ExitWatcher w = new ExitWatcher(dir)) {
      assertThat(w.await("never", Duration.ofMillis(100))).isEmpty();
      Files.writeString(dir.resolve("done"), "0");
      assertThat(w.await("done", Duration.ofSeconds(5))).map(ExitRecord::exitCode).contains(0);
      w.forget("done");
      assertThat(w.read("done")).isEmpty();
    }
  }
}
