package io.skiff.kubelet.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.skiff.streams.spdy.SpdyFraming;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes' port-forward protocol on a SPDY/3.1 session, as the kubelet serves it: for every connection kubectl
 * accepts locally it opens two streams with the same {@code requestID} and a {@code port}: {@code error} and
 * {@code data}. Once both are there, a TCP connection to the port inside the pod is made; its bytes travel as data
 * frames on the data stream, and a failure is written, in Kubernetes' words, on the error stream. Go's SPDY (which
 * kubectl uses) does no flow control, so neither does this side.
 */
final class PortForwardSession {
  private static final Logger LOG = LoggerFactory.getLogger(PortForwardSession.class);
  private static final int CHUNK = 32 * 1024;

  /** Dials a port inside the pod. */
  interface Dialer {
    SocketChannel dial(int port) throws IOException;
  }

  private final SpdyFraming spdy;
  private final Dialer dialer;
  private final String podName;
  private final String podUid;
  private final Map<String, Pair> pending = new HashMap<>();
  private final Map<Integer, Pair> byDataStream = new ConcurrentHashMap<>();
  private final Map<Integer, Pair> byErrorStream = new ConcurrentHashMap<>();

  PortForwardSession(SpdyFraming spdy, Dialer dialer, String podName, String podUid) {
    this.spdy = spdy;
    this.dialer = dialer;
    this.podName = podName;
    this.podUid = podUid;
  }

  /** One forwarded connection: its two streams and, once both exist, the connection into the pod. */
  private static final class Pair {
    final String requestId;
    int port;
    int dataStream = -1;
    int errorStream = -1;
    volatile SocketChannel socket;

    Pair(String requestId) {
      this.requestId = requestId;
    }
  }

  void run() {
    try {
      while (true) {
        Optional<SpdyFrame> next = spdy.read();
        if (next.isEmpty()) {
          return;
        }
        SpdyFrame frame = next.get();
        switch (frame) {
          case SpdySynStreamFrame syn -> opened(syn);
          case SpdyDataFrame data -> {
            try {
              received(data);
            } finally {
              data.release();
            }
          }
          case SpdyRstStreamFrame rst -> reset(rst.streamId());
          case SpdyPingFrame ping -> spdy.write(new DefaultSpdyPingFrame(ping.id()));
          case SpdyGoAwayFrame away -> {
            return;
          }
          default -> {
            // SETTINGS, WINDOW_UPDATE, HEADERS: nothing to do without flow control
          }
        }
      }
    } catch (IOException e) {
      LOG.debug("port-forward session ended: {}", e.toString());
    } finally {
      byDataStream.values().forEach(p -> closeQuietly(p.socket));
    }
  }

  private void opened(SpdySynStreamFrame syn) throws IOException {
    String type = SpdyFraming.header(syn.headers(), "streamType").orElse(null);
    String port = SpdyFraming.header(syn.headers(), "port").orElse(null);
    String requestId = SpdyFraming.header(syn.headers(), "requestID").orElse(null);
    spdy.reply(syn);
    if (requestId == null) {
      // kubectl before 1.6 sent no request id; a pair is then the next error and data stream of a port
      requestId = "port-" + port;
    }
    Pair pair = pending.computeIfAbsent(requestId, Pair::new);
    try {
      pair.port = Integer.parseInt(port == null ? "" : port);
    } catch (NumberFormatException e) {
      writeError(syn.streamId(), "invalid port: \"" + port + "\"");
      return;
    }
    switch (type == null ? "" : type) {
      case "error" -> {
        pair.errorStream = syn.streamId();
        byErrorStream.put(syn.streamId(), pair);
      }
      case "data" -> {
        pair.dataStream = syn.streamId();
        byDataStream.put(syn.streamId(), pair);
      }
      default -> {
        writeError(syn.streamId(), "invalid stream type \"" + type + "\"");
        return;
      }
    }
    if (pair.dataStream >= 0 && pair.errorStream >= 0) {
      pending.remove(pair.requestId);
      connect(pair);
    }
  }

  private void connect(Pair pair) throws IOException {
    try {
      pair.socket = dialer.dial(pair.port);
    } catch (IOException | RuntimeException e) {
      writeError(pair.errorStream, "error forwarding port " + pair.port + " to pod " + podName + ", uid " + podUid + ": " + e.getMessage());
      finishStream(pair.dataStream);
      return;
    }
    Thread.ofVirtual().name("port-forward-" + pair.port).start(() -> copyFromPod(pair));
  }

  private void copyFromPod(Pair pair) {
    ByteBuffer buf = ByteBuffer.allocate(CHUNK);
    try {
      while (pair.socket.read(buf) >= 0) {
        buf.flip();
        if (buf.hasRemaining()) {
          ByteBuf content = Unpooled.copiedBuffer(buf);
          spdy.write(new DefaultSpdyDataFrame(pair.dataStream, content));
        }
        buf.clear();
      }
      finishStream(pair.dataStream);
      finishStream(pair.errorStream);
    } catch (IOException e) {
      LOG.debug("port-forward to port {} ended: {}", pair.port, e.toString());
    } finally {
      closeQuietly(pair.socket);
      byDataStream.remove(pair.dataStream);
      byErrorStream.remove(pair.errorStream);
    }
  }

  private void received(SpdyDataFrame data) throws IOException {
    Pair pair = byDataStream.get(data.streamId());
    if (pair == null || pair.socket == null) {
      return;
    }
    ByteBuffer bytes = data.content().nioBuffer();
    try {
      while (bytes.hasRemaining()) {
        pair.socket.write(bytes);
      }
      if (data.isLast()) {
        pair.socket.shutdownOutput();
      }
    } catch (IOException e) {
      closeQuietly(pair.socket);
    }
  }

  private void reset(int streamId) {
    Pair pair = byDataStream.remove(streamId);
    if (pair == null) {
      pair = byErrorStream.remove(streamId);
    }
    if (pair != null) {
      closeQuietly(pair.socket);
    }
  }

  private void writeError(int streamId, String message) throws IOException {
    spdy.write(new DefaultSpdyDataFrame(streamId, Unpooled.copiedBuffer(message, java.nio.charset.StandardCharsets.UTF_8)));
    finishStream(streamId);
  }

  private void finishStream(int streamId) throws IOException {
    if (streamId >= 0) {
      spdy.finish(streamId);
    }
  }

  private static void closeQuietly(SocketChannel s) {
    if (s == null) {
      return;
    }
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
