package io.skiff.runtime.runc;

import io.skiff.common.SkiffException;
import io.skiff.runtime.host.ProcStat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts a created runc container the way {@code runc start} does, without a runc process: the container's init
 * waits in opening the write end of {@code exec.fifo} in the container's state directory; opening the read end and
 * reading its byte lets it exec the user's process, and removing the fifo marks the container as running for runc
 * ({@code runc state} reports "created" while the fifo exists). As runc does, a container whose process died before
 * the start is an error. One Go process start less per container, which is most of what {@code runc start} costs.
 */
final class ExecFifo {
  private static final Duration CHECK = Duration.ofMillis(20);

  private ExecFifo() {}

  /** Releases the container's process; throws when it is gone or does not take the start within {@code timeout}. */
  static void start(String id, Path fifo, long pid, long pidStartTicks, Duration timeout) {
    if (!Files.exists(fifo)) {
      throw new SkiffException.Conflict(new SkiffException.Subject("containers", id), "the container is not waiting to be started");
    }
    CompletableFuture<byte[]> read = new CompletableFuture<>();
    // A blocking open of a fifo: on a platform thread of its own, which ends with it.
    Thread.ofPlatform().name("exec-fifo-" + id).daemon(true).start(() -> {
      try (InputStream in = Files.newInputStream(fifo)) {
        read.complete(in.readAllBytes());
      } catch (IOException e) {
        read.completeExceptionally(e);
      }
    });
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        byte[] data = read.get(CHECK.toMillis(), TimeUnit.MILLISECONDS);
        if (data.length == 0) {
          throw new SkiffException.Conflict(new SkiffException.Subject("containers", id), "the container's process is already dead");
        }
        Files.deleteIfExists(fifo);
        return;
      } catch (TimeoutException e) {
        boolean dead = !ProcStat.isRunning(pid, pidStartTicks);
        if (dead || System.nanoTime() > deadline) {
          unblock(fifo, read);
          if (!dead) {
            throw new SkiffException.Timeout("container " + id + " did not take its start within " + timeout);
          }
        }
      } catch (ExecutionException e) {
        if (e.getCause() instanceof NoSuchFileException) {
          throw new SkiffException.Conflict(new SkiffException.Subject("containers", id), "the container is not waiting to be started");
        }
        throw new SkiffException.Internal("cannot start container " + id + " through " + fifo + ": " + e.getCause().getMessage(), e.getCause());
      } catch (IOException e) {
        throw new SkiffException.Internal("cannot remove " + fifo, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SkiffException.Unavailable("interrupted while starting container " + id, e);
      }
    }
  }

  /**
   * Ends the reader's wait when no container process will open the write end: our own writer completes its open
   * (a reader is waiting), and closing it gives the reader end-of-file, so it reads nothing.
   */
  private static void unblock(Path fifo, CompletableFuture<byte[]> read) {
    if (read.isDone()) {
      return;
    }
    try (OutputStream out = Files.newOutputStream(fifo)) {
      out.flush();
    } catch (IOException e) {
      // The reader finished meanwhile, or the fifo is gone: nothing waits any more.
    }
  }
}
