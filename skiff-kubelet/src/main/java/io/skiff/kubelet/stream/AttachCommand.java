package io.skiff.kubelet.stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Status;
import io.skiff.runtime.ContainerAttacher;
import io.skiff.runtime.ContainerAttachment;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.TerminalSize;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code kubectl attach}: the container's main process. The session lasts until the process ends or the client goes
 * away (which detaches; the process keeps running). As CRI-O: when the client's input ends on a container that keeps
 * its stdin open between attachments (stdin without stdinOnce, no terminal), the session ends there; otherwise it
 * goes on until the output ends. Input to a container without stdin is discarded, as the CRI runtimes do. The outcome
 * is always success: attach reports no exit code.
 */
final class AttachCommand implements RemoteCommand {
  private final ContainerAttachment attachment;
  private final boolean endsWithInput;
  private final OutputStream stdin;

  private AttachCommand(ContainerAttachment attachment, boolean hasStdin, boolean endsWithInput) {
    this.attachment = attachment;
    this.endsWithInput = endsWithInput;
    this.stdin = hasStdin ? new Input() : OutputStream.nullOutputStream();
  }

  static AttachCommand start(ContainerAttacher runtime, ContainerId container, Container spec, TerminalSize size) {
    ContainerAttachment a = runtime.attachContainer(container);
    if (size != null) {
      a.resize(size);
    }
    return new AttachCommand(a, spec != null && Boolean.TRUE.equals(spec.getStdin()), endsWithInput(spec));
  }

  /** Whether the end of a client's input ends the session: a stdin kept open across attachments, without a terminal. */
  static boolean endsWithInput(Container spec) {
    return spec != null && Boolean.TRUE.equals(spec.getStdin()) && !Boolean.TRUE.equals(spec.getStdinOnce()) && !Boolean.TRUE.equals(spec.getTty());
  }

  @Override
  public OutputStream stdin() {
    return stdin;
  }

  @Override
  public InputStream stdout() {
    return attachment.stdout();
  }

  @Override
  public InputStream stderr() {
    return attachment.stderr();
  }

  @Override
  public void resize(TerminalSize size) {
    attachment.resize(size);
  }

  @Override
  public Status await() throws InterruptedException {
    attachment.awaitEnd();
    return CommandStatus.success();
  }

  @Override
  public void hangUp() {
    attachment.close();
  }

  @Override
  public void close() {
    attachment.close();
  }

  /** The client's input; its end is passed on and, for a stdin kept open, detaches. */
  private final class Input extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      attachment.stdin().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      attachment.stdin().write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      attachment.stdin().flush();
    }

    @Override
    public void close() throws IOException {
      attachment.stdin().close();
      if (endsWithInput) {
        attachment.close();
      }
    }
  }
}
