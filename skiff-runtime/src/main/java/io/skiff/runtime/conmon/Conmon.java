package io.skiff.runtime.conmon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skiff.common.SkiffException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts conmon for a container: conmon daemonizes, runs {@code <runtime> create}, reports the container's PID on
 * the sync pipe and then stays as the container's parent (a subreaper) until it exits, writing the log and finally
 * the exit code to {@code <exitDir>/<id>}.
 */
public final class Conmon {

  /**
   * Where conmon and the OCI runtime are, and where conmon keeps exit codes and attach sockets.
   *
   * @param conmonBinary  e.g. {@code /usr/bin/conmon}
   * @param runtimeBinary e.g. {@code /usr/sbin/runc}
   * @param runtimeRoot   the OCI runtime's state directory ({@code --root})
   * @param exitDir       where conmon writes exit codes
   * @param attachDir     where conmon links attach sockets ({@code --socket-dir-path}); paths must stay short
   * @param timeout       how long creating a container may take
   */
  public record Settings(Path conmonBinary, Path runtimeBinary, Path runtimeRoot, Path exitDir, Path attachDir, Duration timeout) {
    public Settings {
      Objects.requireNonNull(conmonBinary, "conmonBinary");
      Objects.requireNonNull(runtimeBinary, "runtimeBinary");
      Objects.requireNonNull(runtimeRoot, "runtimeRoot");
      Objects.requireNonNull(exitDir, "exitDir");
      Objects.requireNonNull(attachDir, "attachDir");
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Runs conmon with its sync pipe (fd 3) on a pipe to a subshell that relays the first line to our stdout. The JDK
   * drains and closes a child's stdout as soon as the child exits, and conmon's first process exits right after
   * forking the daemon that later writes the sync line; the relay keeps the launched process alive until that line
   * (or EOF) arrived, so nothing is lost.
   */
  static final String RELAY = "\"$@\" 3>&1 >/dev/null | { IFS= read -r line; printf '%s\\n' \"$line\"; }";
  private final Settings settings;

  public Conmon(Settings settings) {
    this.settings = settings;
  }

  /**
   * Has conmon create the container and returns the container's PID once {@code create} succeeded (the process
   * then waits for {@code start}). Throws with the OCI runtime's error message when creating fails.
   */
  public long launch(ConmonLaunch launch) {
    List<String> argv = argv(launch);
    ProcessBuilder pb = new ProcessBuilder(argv).directory(launch.bundle().toFile());
    pb.environment().put("_OCI_SYNCPIPE", "3");
    Process p;
    try {
      if (launch.logPath() != null) {
        Files.createDirectories(launch.logPath().getParent());
      }
      p = pb.start();
    } catch (IOException e) {
      throw new SkiffException.Unavailable("cannot start conmon (" + settings.conmonBinary() + "): " + e.getMessage(), e);
    }
    CompletableFuture<String> syncLine = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        syncLine.complete(r.readLine());
      } catch (IOException e) {
        syncLine.completeExceptionally(e);
      }
    });
    CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }, command -> Thread.ofVirtual().start(command));
    try {
      String line = syncLine.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
      if (line == null || line.isBlank()) {
        p.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        String err = stderr.completeOnTimeout("", 1, TimeUnit.SECONDS).get().strip();
        throw new SkiffException.Internal("conmon exited before reporting container " + launch.id()
            + (err.isEmpty() ? " (its own log goes to /dev/null once it daemonizes; check the bundle " + launch.bundle() + ")" : ": " + err), null);
      }
      JsonNode msg = JSON.readTree(line);
      long pid = msg.path("data").asLong(-1);
      if (pid <= 0) {
        throw new SkiffException.Internal("creating container " + launch.id() + " failed: " + msg.path("message").asText("conmon reported " + line).strip(), null);
      }
      return pid;
    } catch (TimeoutException e) {
      killConmon(launch.bundle());
      throw new SkiffException.Timeout("conmon did not create container " + launch.id() + " within " + settings.timeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkiffException.Unavailable("interrupted while creating container " + launch.id(), e);
    } catch (ExecutionException | IOException e) {
      throw new SkiffException.Internal("cannot read conmon's report for container " + launch.id(), e);
    } finally {
      closeQuietly(p);
    }
  }

  /** The PID conmon wrote for itself, or 0. */
  public static long conmonPid(Path bundle) {
    return readPid(ConmonLaunch.conmonPidFile(bundle));
  }

  /** The PID the OCI runtime wrote for the container, or 0. */
  public static long containerPid(Path bundle) {
    return readPid(ConmonLaunch.containerPidFile(bundle));
  }

  List<String> argv(ConmonLaunch launch) {
    Path bundle = launch.bundle();
    List<String> a = new ArrayList<>(List.of("/bin/sh", "-c", RELAY, "conmon-sync",
        settings.conmonBinary().toString(), "--api-version",
        "-c", launch.id(), "-u", launch.id(),
        "-r", settings.runtimeBinary().toString(),
        "-b", bundle.toString(),
        "-p", ConmonLaunch.containerPidFile(bundle).toString(),
        "-P", ConmonLaunch.conmonPidFile(bundle).toString(),
        "-l", launch.logPath() == null ? "none" : "k8s-file:" + launch.logPath(),
        "--exit-dir", settings.exitDir().toString(),
        "--socket-dir-path", settings.attachDir().toString(),
        "--log-level", "error",
        "--runtime-arg", "--root", "--runtime-arg", settings.runtimeRoot().toString()));
    // As CRI-O: a terminal is the process's stdin as well; a stdin pipe is kept open across attachments unless stdinOnce
    if (launch.tty()) {
      a.add("-t");
    } else if (launch.stdin()) {
      a.add("-i");
      if (!launch.stdinOnce()) {
        a.add("--leave-stdin-open");
      }
    }
    return a;
  }

  private static void killConmon(Path bundle) {
    long pid = conmonPid(bundle);
    if (pid > 0) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private static void closeQuietly(Process p) {
    try {
      p.getInputStream().close();
      p.getOutputStream().close();
    } catch (IOException e) {
      // Nothing left to release.
    }
  }

  private static long readPid(Path file) {
    try {
      String s = Files.readString(file).trim();
      return s.isEmpty() ? 0 : Long.parseLong(s);
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }
}
