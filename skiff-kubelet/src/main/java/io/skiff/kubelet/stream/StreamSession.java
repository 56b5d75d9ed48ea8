package io.skiff.kubelet.stream;

import io.skiff.runtime.TerminalSize;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exec or attach session, whatever the transport: starts the command (with a terminal, once the client has told
 * its size, or after a second), pumps stdout and stderr to the client, feeds the client's input and terminal sizes to
 * the command, and ends with the outcome. A client that goes away hangs the command up; the session waits for the
 * command to be over either way.
 */
final class StreamSession implements ClientInput {
  private static final Logger LOG = LoggerFactory.getLogger(StreamSession.class);
  private static final Duration FIRST_SIZE_WAIT = Duration.ofSeconds(1);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  /** Starts the command, at the client's terminal size when it has a terminal (or {@code null} when it did not say). */
  @FunctionalInterface
  interface Starter {
    RemoteCommand start(TerminalSize size);
  }

  private final ClientStreams client;
  private final StreamOptions options;
  private final String failure;
  private final Starter starter;
  private final CompletableFuture<TerminalSize> firstSize = new CompletableFuture<>();
  private final CompletableFuture<RemoteCommand> started = new CompletableFuture<>();
  /** The client's latest terminal size, so that one arriving while the command starts is not lost. */
  private final AtomicReference<TerminalSize> latestSize = new AtomicReference<>();

  /**
   * @param failure how a command that cannot be started is reported, in the kubelet's words (e.g. "error executing
   *                command in container")
   */
  StreamSession(ClientStreams client, StreamOptions options, String failure, Starter starter) {
    this.client = client;
    this.options = options;
    this.failure = failure;
    this.starter = starter;
  }

  void run() {
    Thread reader = Thread.ofVirtual().name("stream-in").start(this::readClient);
    RemoteCommand command;
    TerminalSize size;
    try {
      size = options.tty() ? firstSize.completeOnTimeout(null, FIRST_SIZE_WAIT.toMillis(), TimeUnit.MILLISECONDS).join() : null;
      command = starter.start(size);
    } catch (RuntimeException e) {
      started.completeExceptionally(e);
      client.finish(CommandStatus.internalError(failure + ": " + e.getMessage()));
      awaitClientClose(reader);
      return;
    }
    started.complete(command);
    TerminalSize latest = latestSize.get();
    if (latest != null && !latest.equals(size)) {
      command.resize(latest);
    }
    try (command) {
      Thread out = pump(command.stdout(), ClientStreams.Output.STDOUT);
      Thread err = pump(command.stderr(), ClientStreams.Output.STDERR);
      var outcome = command.await();
      out.join();
      err.join();
      client.finish(outcome);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      awaitClientClose(reader);
    }
  }

  /** After the outcome, the client closes its end; it gets a moment to do so before the connection goes. */
  private static void awaitClientClose(Thread reader) {
    try {
      if (!reader.join(CLOSE_WAIT)) {
        reader.interrupt();
      }
    } catch (InterruptedException e) {
      reader.interrupt();
      Thread.currentThread().interrupt();
    }
  }

  private void readClient() {
    client.read(this);
    // the client is gone (or closed): a command still running is hung up
    firstSize.complete(null);
    started.thenAccept(RemoteCommand::hangUp);
  }

  @Override
  public void stdin(byte[] data, int off, int len) throws IOException {
    if (options.stdin()) {
      RemoteCommand c = command();
      c.stdin().write(data, off, len);
      c.stdin().flush();
    }
  }

  @Override
  public void stdinEnded() throws IOException {
    if (options.stdin()) {
      command().stdin().close();
    }
  }

  @Override
  public void resize(TerminalSize size) {
    latestSize.set(size);
    if (!firstSize.complete(size) && started.isDone() && !started.isCompletedExceptionally()) {
      command().resize(size);
    }
  }

  private RemoteCommand command() {
    return started.join();
  }

  /** Copies one output to the client; what the client cannot take any more is read and dropped, so the command never blocks on it. */
  private Thread pump(InputStream from, ClientStreams.Output output) {
    return Thread.ofVirtual().name("stream-out-" + output).start(() -> {
      byte[] buf = new byte[32 * 1024];
      boolean open = true;
      try {
        int n;
        while ((n = from.read(buf)) >= 0) {
          if (open && n > 0) {
            try {
              client.send(output, buf, 0, n);
            } catch (IOException e) {
              open = false;
            }
          }
        }
      } catch (IOException e) {
        LOG.debug("{} ended: {}", output, e.toString());
      }
    });
  }
}
