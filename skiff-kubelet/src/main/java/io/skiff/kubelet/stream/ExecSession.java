package io.skiff.kubelet.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerManager;
import io.skiff.runtime.ExecProcess;
import io.skiff.runtime.ExecRequest;
import io.skiff.runtime.TerminalSize;
import io.skiff.streams.websocket.Message;
import io.skiff.streams.websocket.WebSocket;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code kubectl exec} over a channel protocol: starts the command (with a terminal, once the client has told
 * its size, or after a second), pumps stdout and stderr to their channels, feeds stdin and terminal sizes to the
 * command, and ends with the exit status on the error channel and a close frame. A client that goes away hangs the
 * command up (SIGHUP, then SIGKILL), and the command is always waited for.
 */
final class ExecSession {
  private static final Logger LOG = LoggerFactory.getLogger(ExecSession.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration HANGUP_GRACE = Duration.ofSeconds(2);
  private static final Duration FIRST_SIZE_WAIT = Duration.ofSeconds(1);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  private final ContainerManager runtime;
  private final ContainerId container;
  private final ExecOptions options;
  private final ChannelProtocol protocol;
  private final WebSocket ws;
  private final CompletableFuture<TerminalSize> firstSize = new CompletableFuture<>();
  private final CompletableFuture<ExecProcess> started = new CompletableFuture<>();

  ExecSession(ContainerManager runtime, ContainerId container, ExecOptions options, ChannelProtocol protocol, WebSocket ws) {
    this.runtime = runtime;
    this.container = container;
    this.options = options;
    this.protocol = protocol;
    this.ws = ws;
  }

  void run() {
    Thread reader = Thread.ofVirtual().name("exec-in").start(this::readClient);
    ExecProcess process;
    try {
      TerminalSize size = options.tty() ? firstSize.completeOnTimeout(null, FIRST_SIZE_WAIT.toMillis(), TimeUnit.MILLISECONDS).join() : null;
      process = runtime.startExec(container, new ExecRequest(options.command(), options.tty(), options.stdin(), size));
    } catch (RuntimeException e) {
      started.completeExceptionally(e);
      finish(failure("InternalError", "error executing command in container: " + e.getMessage(), null));
      awaitClientClose(reader);
      return;
    }
    started.complete(process);
    try (process) {
      Thread out = pump(process.stdout(), ChannelProtocol.STDOUT, options.stdout() || options.tty());
      Thread err = pump(process.stderr(), ChannelProtocol.STDERR, options.stderr());
      int code = process.waitFor();
      out.join();
      err.join();
      finish(code == 0 ? new StatusBuilder().withStatus("Success").build()
          : failure("NonZeroExitCode", "command terminated with non-zero exit code: error executing command " + goList(options) + ", exit code " + code,
              code));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      awaitClientClose(reader);
    }
  }

  /** After our close frame, the client answers with its own (RFC 6455); it gets a moment to do so before the connection goes. */
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
    try {
      while (true) {
        Optional<Message> m = ws.read();
        if (m.isEmpty()) {
          break;
        }
        byte[] data = m.get().data();
        if (data.length == 0) {
          continue;
        }
        switch (data[0] & 0xff) {
          case ChannelProtocol.STDIN -> {
            if (options.stdin() && data.length > 1) {
              process().stdin().write(data, 1, data.length - 1);
              process().stdin().flush();
            }
          }
          case ChannelProtocol.RESIZE -> resize(data);
          case ChannelProtocol.CLOSE -> {
            if (protocol == ChannelProtocol.V5 && data.length > 1 && data[1] == ChannelProtocol.STDIN && options.stdin()) {
              process().stdin().close();
            }
          }
          default -> {
            // other channels carry nothing from a client
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("exec client stream ended: {}", e.toString());
    }
    // the client is gone (or closed): a command still running is hung up
    firstSize.complete(null);
    started.thenAccept(p -> p.hangUp(HANGUP_GRACE));
  }

  private ExecProcess process() {
    return started.join();
  }

  private void resize(byte[] data) throws IOException {
    JsonNode size = JSON.readTree(Arrays.copyOfRange(data, 1, data.length));
    TerminalSize t = new TerminalSize(size.path("Width").asInt(0), size.path("Height").asInt(0));
    if (!firstSize.complete(t) && started.isDone() && !started.isCompletedExceptionally()) {
      process().resize(t);
    }
  }

  private Thread pump(InputStream from, int channel, boolean wanted) {
    return Thread.ofVirtual().name("exec-out-" + channel).start(() -> {
      byte[] buf = new byte[32 * 1024];
      buf[0] = (byte) channel;
      boolean open = wanted;
      try {
        int n;
        while ((n = from.read(buf, 1, buf.length - 1)) >= 0) {
          if (open && n > 0) {
            try {
              ws.sendBinary(buf, 0, n + 1);
            } catch (IOException e) {
              open = false;
            }
          }
        }
      } catch (IOException e) {
        LOG.debug("exec output {} ended: {}", channel, e.toString());
      }
    });
  }

  private void finish(Status status) {
    try {
      byte[] json = JSON.writeValueAsBytes(status);
      byte[] frame = new byte[json.length + 1];
      frame[0] = ChannelProtocol.ERROR;
      System.arraycopy(json, 0, frame, 1, json.length);
      ws.sendBinary(frame, 0, frame.length);
      ws.close(1000, "");
    } catch (IOException e) {
      LOG.debug("cannot send the exec status: {}", e.toString());
    }
  }

  private static Status failure(String reason, String message, Integer exitCode) {
    StatusBuilder b = new StatusBuilder().withStatus("Failure").withReason(reason).withMessage(message);
    if (exitCode != null) {
      b.withNewDetails().addNewCause().withReason("ExitCode").withMessage(Integer.toString(exitCode)).endCause().endDetails();
    }
    return b.build();
  }

  private static String goList(ExecOptions options) {
    return "[" + String.join(" ", options.command()) + "]";
  }
}
