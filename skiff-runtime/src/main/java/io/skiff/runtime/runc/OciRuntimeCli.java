package io.skiff.runtime.runc;

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
