package io.skiff.runtime.host;

import io.skiff.common.SkiffException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a program to completion with a deadline, feeding its stdin and collecting stdout and stderr on virtual threads.
 * A program that outlives its deadline is killed with its descendants and the call throws
 * {@link SkiffException.Timeout}.
 */
public final class ProcessRunner {
  private static final java.time.Duration REAP_GRACE = java.time.Duration.ofSeconds(1);

  /** Runs the command and returns whatever exit code it had; only failing to start or timing out throw. */
  public CommandResult run(CommandLine cmd) {
    ProcessBuilder pb = new ProcessBuilder(cmd.argv());
    pb.environment().putAll(cmd.env());
    if (cmd.workingDir() != null) {
      pb.directory(cmd.workingDir().toFile());
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new SkiffException.Unavailable("cannot run " + cmd.argv().get(0) + ": " + e.getMessage(), e);
    }
    CompletableFuture<byte[]> out = readAll(p.getInputStream());
    CompletableFuture<byte[]> err = readAll(p.getErrorStream());
    try (OutputStream in = p.getOutputStream()) {
      in.write(cmd.stdin());
    } catch (IOException e) {
      // The program closed its stdin early; its exit code tells the rest.
    }
    try {
      if (!p.waitFor(cmd.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        // Descendants first, so that the program (runc exec is a subreaper) can still reap them; then the program.
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        if (!p.waitFor(REAP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
        }
        throw new SkiffException.Timeout("`" + cmd + "` did not finish within " + cmd.timeout());
      }
      byte[] stdout = out.get(cmd.timeout().toMillis(), TimeUnit.MILLISECONDS);
      byte[] stderr = err.get(cmd.timeout().toMillis(), TimeUnit.MILLISECONDS);
      return new CommandResult(cmd.argv(), p.exitValue(), stdout, new String(stderr, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new SkiffException.Unavailable("interrupted while running " + cmd.argv().get(0), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new SkiffException.Internal("cannot read the output of `" + cmd + "`", e);
    }
  }

  /** Runs the command and throws {@link SkiffException.Internal} with its stderr unless it exits 0. */
  public CommandResult runChecked(CommandLine cmd) {
    return run(cmd).orThrow();
  }

  private static CompletableFuture<byte[]> readAll(InputStream in) {
    CompletableFuture<byte[]> f = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try (in) {
        f.complete(in.readAllBytes());
      } catch (IOException e) {
        f.completeExceptionally(e);
      }
    });
    return f;
  }
}
