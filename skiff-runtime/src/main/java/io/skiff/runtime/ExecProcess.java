package io.skiff.runtime;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * A command started with {@link ContainerManager#startExec}, running in the container. Its exit code is the
 * command's, 128 + the signal when a signal ended it, 127 when the command does not exist and 126 when it cannot be
 * run (as shells and podman report them; the runtime's reason is then on stderr). Closing ends the command if it
 * still runs and releases everything.
 */
public interface ExecProcess extends AutoCloseable {

  /** The command's standard input; closing it is end-of-file. Discards everything when no stdin was asked for. */
  OutputStream stdin();

  /** The command's standard output (with a terminal: everything the terminal shows). */
  InputStream stdout();

  /** The command's standard error; empty with a terminal. */
  InputStream stderr();

  /** Tells the command its terminal changed size; ignored without a terminal. */
  void resize(TerminalSize size);

  /** Waits for the command to end and returns its exit code. */
  int waitFor() throws InterruptedException;

  /**
   * The client went away: the command gets SIGHUP, and SIGKILL if it still runs after {@code grace}. Returns at
   * once; {@link #waitFor()} tells when it has ended.
   */
  void hangUp(Duration grace);

  @Override
  void close();
}
