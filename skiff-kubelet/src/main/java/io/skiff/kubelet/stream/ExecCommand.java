package io.skiff.kubelet.stream;

import io.fabric8.kubernetes.api.model.Status;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerManager;
import io.skiff.runtime.ExecProcess;
import io.skiff.runtime.ExecRequest;
import io.skiff.runtime.TerminalSize;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code kubectl exec}: a command started in the container. Its outcome is its exit code; a client that goes away
 * hangs it up (SIGHUP, then SIGKILL).
 */
final class ExecCommand implements RemoteCommand {
  private static final Duration HANGUP_GRACE = Duration.ofSeconds(2);
  private final ExecProcess process;
  private final List<String> command;

  private ExecCommand(ExecProcess process, List<String> command) {
    this.process = process;
    this.command = command;
  }

  static ExecCommand start(ContainerManager runtime, ContainerId container, StreamOptions options, TerminalSize size) {
    return new ExecCommand(runtime.startExec(container, new ExecRequest(options.command(), options.tty(), options.stdin(), size)), options.command());
  }

  @Override
  public OutputStream stdin() {
    return process.stdin();
  }

  @Override
  public InputStream stdout() {
    return process.stdout();
  }

  @Override
  public InputStream stderr() {
    return process.stderr();
  }

  @Override
  public void resize(TerminalSize size) {
    process.resize(size);
  }

  @Override
  public Status await() throws InterruptedException {
    int code = process.waitFor();
    return code == 0 ? CommandStatus.success() : CommandStatus.nonZeroExit(command, code);
  }

  @Override
  public void hangUp() {
    process.hangUp(HANGUP_GRACE);
  }

  @Override
  public void close() {
    process.close();
  }
}
