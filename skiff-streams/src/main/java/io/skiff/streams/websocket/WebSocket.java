package io.skiff.streams.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A server-side WebSocket over blocking streams. One thread reads ({@link #read()}); any thread sends. Netty's
 * frame codec runs in two {@link EmbeddedChannel}s (one per direction), so no event loop is involved.
 */
public final class WebSocket implements AutoCloseable {
  /** The largest message accepted from a client. */
  public static final int MAX_MESSAGE = 16 * 1024 * 1024;

  private final InputStream in;
  private final OutputStream out;
  private final EmbeddedChannel decoder;
  private final EmbeddedChannel encoder;
  private final ReentrantLock sendLock = new ReentrantLock();
  private final ArrayDeque<WebSocketFrame> decoded = new ArrayDeque<>();
  private final byte[] buffer = new byte[32 * 1024];
  private boolean closeSent;

  public WebSocket(InputStream in, OutputStream out) {
    this.in = in;
    this.out = out;
    this.decoder = new EmbeddedChannel(new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
        .expectMaskedFrames(true).allowExtensions(false).maxFramePayloadLength(MAX_MESSAGE).build()));
    this.encoder = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
  }

  /**
   * The next complete data message; pings are answered on the way. Empty once the client sent a close frame (which
   * is answered), closed the connection, or broke the protocol.
   */
  public Optional<Message> read() throws IOException {
    ByteArrayOutputStream fragments = null;
    boolean binary = false;
    while (true) {
      WebSocketFrame frame = nextFrame();
      if (frame == null) {
        return Optional.empty();
      }
      try {
        switch (frame) {
          case PingWebSocketFrame ping -> send(new PongWebSocketFrame(ping.content().retain()));
          case PongWebSocketFrame pong -> {
            // unsolicited pongs are allowed and ignored
          }
          case CloseWebSocketFrame close -> {
            close(close.statusCode() < 0 ? 1000 : close.statusCode(), "");
            return Optional.empty();
          }
          case ContinuationWebSocketFrame c -> {
            if (fragments == null) {
              return Optional.empty();
            }
            append(fragments, c.content());
            if (c.isFinalFragment()) {
              return Optional.of(new Message(binary, fragments.toByteArray()));
            }
          }
          default -> {
            binary = frame instanceof BinaryWebSocketFrame;
            if (!binary && !(frame instanceof TextWebSocketFrame)) {
              return Optional.empty();
            }
            if (frame.isFinalFragment()) {
              return Optional.of(new Message(binary, bytes(frame.content())));
            }
            fragments = new ByteArrayOutputStream();
            append(fragments, frame.content());
          }
        }
      } finally {
        frame.release();
      }
    }
  }

  /** Sends one binary message. */
  public void sendBinary(byte[] data, int offset, int length) throws IOException {
    send(new BinaryWebSocketFrame(Unpooled.copiedBuffer(data, offset, length)));
  }

  /** Sends a close frame (once) with {@code code} and {@code reason}. */
  public void close(int code, String reason) throws IOException {
    sendLock.lock();
    try {
      if (closeSent) {
        return;
      }
      closeSent = true;
      writeFrame(new CloseWebSocketFrame(code, reason));
    } finally {
      sendLock.unlock();
    }
  }

  /** A byte stream over the binary messages the client sends (for protocols tunnelled in WebSocket, as SPDY). */
  public InputStream messageInput() {
    return new InputStream() {
      private byte[] current = new byte[0];
      private int pos;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        while (pos >= current.length) {
          Optional<Message> m = WebSocket.this.read();
          if (m.isEmpty()) {
            return -1;
          }
          current = m.get().data();
          pos = 0;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
      }
    };
  }

  /** A byte stream whose every write is one binary message. */
  public OutputStream messageOutput() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        sendBinary(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        sendBinary(b, off, len);
      }
    };
  }

  @Override
  public void close() {
    decoder.finishAndReleaseAll();
    encoder.finishAndReleaseAll();
  }

  private WebSocketFrame nextFrame() throws IOException {
    while (decoded.isEmpty()) {
      int n = in.read(buffer);
      if (n < 0) {
        return null;
      }
      try {
        decoder.writeInbound(Unpooled.copiedBuffer(buffer, 0, n));
      } catch (RuntimeException protocolViolation) {
        return null;
      }
      Object o;
      while ((o = decoder.readInbound()) != null) {
        decoded.add((WebSocketFrame) o);
      }
    }
    return decoded.poll();
  }

  private void send(WebSocketFrame frame) throws IOException {
    sendLock.lock();
    try {
      if (closeSent) {
        frame.release();
        throw new IOException("the WebSocket is closed");
      }
      writeFrame(frame);
    } finally {
      sendLock.unlock();
    }
  }

  private void writeFrame(WebSocketFrame frame) throws IOException {
    encoder.writeOutbound(frame);
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    ByteBuf b;
    while ((b = encoder.readOutbound()) != null) {
      try {
        b.readBytes(whole, b.readableBytes());
      } finally {
        b.release();
      }
    }
    out.write(whole.toByteArray());
    out.flush();
  }

  private static byte[] bytes(ByteBuf b) {
    byte[] data = new byte[b.readableBytes()];
    b.getBytes(b.readerIndex(), data);
    return data;
  }

  private static void append(ByteArrayOutputStream to, ByteBuf b) throws IOException {
    if (to.size() + b.readableBytes() > MAX_MESSAGE) {
      throw new IOException("a WebSocket message is larger than " + MAX_MESSAGE + " bytes");
    }
    to.write(bytes(b));
  }
}
