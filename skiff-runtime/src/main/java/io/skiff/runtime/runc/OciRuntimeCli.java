package io.skiff.runtime.runc;

import io.skiff.common.SkiffException;
import io.skiff.runtime.host.CommandLine;
import io.skiff.runtime.host.CommandResult;
import io.skiff.runtime.host.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The OCI runtime's command line (runc, or crun, which takes the same commands), always with its own state
 * directory ({@code --root}). Creating containers is conmon's job; this class starts, signals, deletes and execs.
 */
public final class OciRuntimeCli {
  private final OciRuntimeBinary runtime;
  private final Path stateRoot;
  private final ProcessRunner runner;
  private final Duration timeout;

  public OciRuntimeCli(OciRuntimeBinary runtime, Path stateRoot, ProcessRunner runner, Duration timeout) {
    this.runtime = runtime;
    this.stateRoot = stateRoot;
    this.runner = runner;
    this.timeout = timeout;
  }

  public OciRuntimeBinary runtime() {
    return runtime;
  }

  public Path stateRoot() {
    return stateRoot;
  }

  /** Whether the runtime has state for this id (created and not yet deleted). */
  public boolean exists(String id) {
    return Files.isDirectory(stateRoot.resolve(id));
  }

  /**
   * Whether the container is created but not started: runc and crun both keep an {@code exec.fifo} in the
   * container's state directory until {@code start} opens it.
   */
  public boolean awaitingStart(String id) {
    return Files.exists(stateRoot.resolve(id).resolve("exec.fifo"));
  }

  /** {@code runc start ID}: lets the created process exec its command. */
  public void start(String id) {
    runner.runChecked(CommandLine.of(timeout, args("start", id)));
  }

  /**
   * {@code runc run -d ID}: creates and starts the bundle's process in one call and returns its PID. The process
   * inherits the runtime's stdio, so stdin and stdout are /dev/null and stderr goes to {@code runtime.err} in the
   * bundle, which is read back when the run fails. Used for the pause, which needs neither conmon's log nor its exit code.
   */
  public long runDetached(String id, Path bundle) {
    Path pidFile = bundle.resolve("runtime.pid");
    Path err = bundle.resolve("runtime.err");
    ProcessBuilder pb = new ProcessBuilder(args("run", "-d", "--pid-file", pidFile.toString(), "-b", bundle.toString(), id))
        .redirectInput(new java.io.File("/dev/null"))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(err.toFile());
    try {
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new SkiffException.Timeout("`" + runtime.kind().displayName() + " run " + id + "` did not finish within " + timeout);
      }
      if (p.exitValue() != 0) {
        throw new SkiffException.Internal("`" + runtime.kind().displayName() + " run " + id + "` exited " + p.exitValue() + ": "
            + Files.readString(err).strip(), null);
      }
      return Long.parseLong(Files.readString(pidFile).trim());
    } catch (java.io.IOException | NumberFormatException e) {
      throw new SkiffException.Internal("cannot run " + id + " with " + runtime.binary(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkiffException.Unavailable("interrupted while running " + id, e);
    }
  }

  /** {@code runc kill [--all] ID SIGNAL}; returns the result, since a container that just exited makes it fail harmlessly. */
  public CommandResult kill(String id, String signal, boolean all) {
    List<String> a = new ArrayList<>(List.of("kill"));
    if (all) {
      a.add("--all");
    }
    a.add(id);
    a.add(signal);
    return runner.run(CommandLine.of(timeout, args(a.toArray(String[]::new))));
  }

  /**
   * {@code runc delete ID}: removes the runtime's state and the container's cgroup (killing leftovers of a container
   * that shared the pod's PID namespace). A container the runtime does not know is skipped.
   */
  public void delete(String id) {
    if (!exists(id)) {
      return;
    }
    CommandResult r = runner.run(CommandLine.of(timeout, args("delete", id)));
    if (!r.succeeded() && exists(id)) {
      runner.runChecked(CommandLine.of(timeout, args("delete", "--force", id)));
    }
  }

  /** {@code runc exec ID argv…}: runs a process in the container with its process settings; bounded by {@code limit}. */
  public CommandResult exec(String id, List<String> argv, Duration limit) {
    List<String> a = new ArrayList<>(args("exec", id));
    a.addAll(argv);
    return runner.run(CommandLine.of(limit, a));
  }

  /** The runtime's version line, e.g. {@code 1.1.5+ds1}. */
  public String version() {
    CommandResult r = runner.run(CommandLine.of(timeout, runtime.binary().toString(), "--version"));
    String first = r.stdoutText().lines().findFirst().orElse("");
    int v = first.indexOf("version ");
    return v >= 0 ? first.substring(v + "version ".length()).trim() : first.trim();
  }

  private List<String> args(String... rest) {
    List<String> a = new ArrayList<>(List.of(runtime.binary().toString(), "--root", stateRoot.toString()));
    a.addAll(List.of(rest));
    return a;
  }
}
