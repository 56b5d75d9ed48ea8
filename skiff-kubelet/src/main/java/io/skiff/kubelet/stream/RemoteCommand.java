package io.skiff.kubelet.stream;

import io.fabric8.kubernetes.api.model.Status;
import io.skiff.runtime.TerminalSize;
import java.io.InputStream;
import java.io.OutputStream;

/** What a streaming session is connected to: a command started by exec, or a container's main process by attach. */
sealed interface RemoteCommand extends AutoCloseable permits ExecCommand, AttachCommand {

  /** Input for the process; closing it is the client's end of input. */
  OutputStream stdin();

  InputStream stdout();

  InputStream stderr();

  /** The client's terminal has a new size. */
  void resize(TerminalSize size);

  /** Waits until the session is over, after which the outputs end; the outcome as the kubelet reports it. */
  Status await() throws InterruptedException;

  /** The client went away. */
  void hangUp();

  @Override
  void close();
}
