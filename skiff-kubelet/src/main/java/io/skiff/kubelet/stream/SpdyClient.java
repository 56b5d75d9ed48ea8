package io.skiff.kubelet.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Status;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.skiff.runtime.TerminalSize;
import io.skiff.streams.spdy.SpdyFraming;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client on Kubernetes' remote command protocol over SPDY/3.1 ({@link SpdyProtocol}). As the kubelet, the session
 * starts once the client has opened every stream its options call for (each accepted with a reply), within a time
 * limit; bytes are data frames on the streams; a finished stdin stream is the end of input; the outcome goes on the
 * error stream, after which this side finishes its streams. Go's SPDY (kubectl's) does no flow control, so neither
 * does this side.
 */
final class SpdyClient implements ClientStreams {
  private static final Logger LOG = LoggerFactory.getLogger(SpdyClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SpdyFraming spdy;
  private final SpdyProtocol protocol;
  private final Streams streams;
  private final ArrayDeque<SpdyDataFrame> early;
  private final JsonObjects sizes = new JsonObjects();

  /** The client's streams by type ({@code -1}: not opened). */
  private record Streams(int error, int stdin, int stdout, int stderr, int resize) {}

  private SpdyClient(SpdyFraming spdy, SpdyProtocol protocol, Streams streams, ArrayDeque<SpdyDataFrame> early) {
    this.spdy = spdy;
    this.protocol = protocol;
    this.streams = streams;
    this.early = early;
  }

  /**
   * Waits for the client to open the streams {@code options} call for, accepting each. {@code abort} (which closes
   * the connection) runs when they are not all there within {@code timeout}; the wait then fails, as it does when the
   * client goes away.
   */
  static SpdyClient accept(SpdyFraming spdy, SpdyProtocol protocol, StreamOptions options, Duration timeout, Runnable abort) throws IOException {
    int expected = options.spdyStreams(protocol.resizes());
    AtomicBoolean ready = new AtomicBoolean();
    CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
      if (!ready.get()) {
        abort.run();
      }
    });
    int error = -1;
    int stdin = -1;
    int stdout = -1;
    int stderr = -1;
    int resize = -1;
    int opened = 0;
    ArrayDeque<SpdyDataFrame> early = new ArrayDeque<>();
    try {
      while (opened < expected) {
        Optional<SpdyFrame> next = spdy.read();
        if (next.isEmpty()) {
          throw new IOException(ready.get() ? "the client went away" : "timed out waiting for client to create streams");
        }
        switch (next.get()) {
          case SpdySynStreamFrame syn -> {
            String type = SpdyFraming.header(syn.headers(), "streamType").orElse("");
            int id = syn.streamId();
            switch (type) {
              case "error" -> error = id;
              case "stdin" -> stdin = id;
              case "stdout" -> stdout = id;
              case "stderr" -> stderr = id;
              case "resize" -> resize = id;
              default -> {
                LOG.debug("unexpected stream type: \"{}\"", type);
                spdy.write(new DefaultSpdyRstStreamFrame(id, SpdyStreamStatus.REFUSED_STREAM));
                continue;
              }
            }
            spdy.reply(syn);
            opened++;
          }
          case SpdyDataFrame data -> early.add(data);
          case SpdyPingFrame ping -> spdy.write(new DefaultSpdyPingFrame(ping.id()));
          case SpdyGoAwayFrame away -> throw new IOException("the client went away before opening its streams");
          default -> {
            // SETTINGS, WINDOW_UPDATE, HEADERS, RST_STREAM: nothing to do yet
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      early.forEach(SpdyDataFrame::release);
      throw e;
    } finally {
      ready.set(true);
    }
    return new SpdyClient(spdy, protocol, new Streams(error, stdin, stdout, stderr, resize), early);
  }

  @Override
  public void read(ClientInput input) {
    try {
      while (!early.isEmpty()) {
        SpdyDataFrame data = early.poll();
        try {
          received(data, input);
        } finally {
          data.release();
        }
      }
      while (true) {
        Optional<SpdyFrame> next = spdy.read();
        if (next.isEmpty()) {
          return;
        }
        switch (next.get()) {
          case SpdyDataFrame data -> {
            try {
              received(data, input);
            } finally {
              data.release();
            }
          }
          case SpdySynStreamFrame late -> spdy.write(new DefaultSpdyRstStreamFrame(late.streamId(), SpdyStreamStatus.REFUSED_STREAM));
          case SpdyRstStreamFrame rst -> {
            if (rst.streamId() == streams.stdin()) {
              input.stdinEnded();
            }
          }
          case SpdyPingFrame ping -> spdy.write(new DefaultSpdyPingFrame(ping.id()));
          case SpdyGoAwayFrame away -> {
            return;
          }
          default -> {
            // SETTINGS, WINDOW_UPDATE, HEADERS: nothing to do without flow control
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("SPDY stream client ended: {}", e.toString());
    } finally {
      early.forEach(SpdyDataFrame::release);
      early.clear();
    }
  }

  private void received(SpdyDataFrame data, ClientInput input) throws IOException {
    int id = data.streamId();
    byte[] bytes = new byte[data.content().readableBytes()];
    data.content().getBytes(data.content().readerIndex(), bytes);
    if (id == streams.stdin() && protocol != SpdyProtocol.V1) {
      // (v1 clients' stdin was closed by the server at once; their input is not read)
      if (bytes.length > 0) {
        input.stdin(bytes, 0, bytes.length);
      }
      if (data.isLast()) {
        input.stdinEnded();
      }
    } else if (id == streams.resize()) {
      for (byte[] object : sizes.feed(bytes, 0, bytes.length)) {
        JsonNode size = JSON.readTree(object);
        input.resize(new TerminalSize(size.path("Width").asInt(0), size.path("Height").asInt(0)));
      }
    }
  }

  @Override
  public void send(Output output, byte[] data, int off, int len) throws IOException {
    int id = output == Output.STDOUT ? streams.stdout() : streams.stderr();
    if (id >= 0 && len > 0) {
      spdy.write(new DefaultSpdyDataFrame(id, Unpooled.copiedBuffer(data, off, len)));
    }
  }

  @Override
  public void finish(Status status) {
    try {
      if (streams.error() >= 0) {
        byte[] body = statusBody(status);
        if (body.length > 0) {
          spdy.write(new DefaultSpdyDataFrame(streams.error(), Unpooled.wrappedBuffer(body)));
        }
      }
      for (int id : new int[] {streams.error(), streams.stdout(), streams.stderr()}) {
        if (id >= 0) {
          spdy.finish(id);
        }
      }
    } catch (IOException e) {
      LOG.debug("cannot send the session's status: {}", e.toString());
    }
  }

  /** v4: the Status as JSON; before: nothing for success, a failure's message as text. */
  byte[] statusBody(Status status) throws IOException {
    if (protocol.writesStatusAsJson()) {
      return JSON.writeValueAsBytes(status);
    }
    if ("Success".equals(status.getStatus())) {
      return new byte[0];
    }
    return status.getMessage() == null ? new byte[0] : status.getMessage().getBytes(StandardCharsets.UTF_8);
  }
}
