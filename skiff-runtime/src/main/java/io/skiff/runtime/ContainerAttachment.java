package io.skiff.runtime;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A connection to a running container's main process, as {@code kubectl attach} makes one: what the process writes
 * from now on (earlier output is only in the log), input to the process when the container keeps a stdin, and the
 * size of its terminal when it has one. Several attachments to one container may be open at once; each sees all output.
 * Closing detaches: the process keeps running.
 */
public interface ContainerAttachment extends AutoCloseable {

  /**
   * Input to the process. Closing it ends this attachment's input: for a container created with {@code stdinOnce}
   * (and no terminal) the process then reads end-of-file, otherwise its stdin stays open for the next attachment.
   * What is written to a container without stdin is discarded.
   */
  OutputStream stdin();

  /** What the process writes to stdout (with a terminal: everything the terminal shows); ends when the process does. */
  InputStream stdout();

  /** What the process writes to stderr; empty with a terminal. Ends when the process does. */
  InputStream stderr();

  /** Tells the process its terminal changed size; ignored without a terminal. */
  void resize(TerminalSize size);

  /** Waits until the process has ended (its output has then ended too) or this attachment was closed. */
  void awaitEnd() throws InterruptedException;

  @Override
  void close();
}
