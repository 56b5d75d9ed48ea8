package io.skiff.streams.websocket;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server side against frames a client writes (masked), and what it writes back (unmasked). */
class WebSocketTest {

  private static byte[] clientBytes(WebSocketFrame... frames) {
    EmbeddedChannel enc = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (WebSocketFrame f : frames) {
      enc.writeOutbound(f);
      ByteBuf b;
      while ((b = enc.readOutbound()) != null) {
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        out.writeBytes(bytes);
        b.release();
      }
    }
    return out.toByteArray();
  }

  private static List<WebSocketFrame> serverFrames(byte[] written) {
    EmbeddedChannel dec = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));
    dec.writeInbound(Unpooled.wrappedBuffer(written));
    List<WebSocketFrame> frames = new ArrayList<>();
    Object o;
    while ((o = dec.readInbound()) != null) {
      frames.add((WebSocketFrame) o);
    }
    return frames;
  }

  @Test
  void readsBinaryAndTextMessagesAndJoinsFragments() throws Exception {
    byte[] in = clientBytes(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {0, 'h', 'i'})),
        new TextWebSocketFrame(false, 0, "hel"), new ContinuationWebSocketFrame(true, 0, "lo"));
    WebSocket ws = new WebSocket(new ByteArrayInputStream(in), new ByteArrayOutputStream());
    Message first = ws.read().orElseThrow();
    assertThat(first.binary()).isTrue();
    assertThat(first.data()).containsExactly(0, 'h', 'i');
    Message second = ws.read().orElseThrow();
    assertThat(second.binary()).isFalse();
    assertThat(new String(second.data(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(ws.read()).isEmpty();
  }

  @Test
  void answersPingsAndAClosingClient() throws Exception {
    byte[] in = clientBytes(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {7})), new CloseWebSocketFrame(1000, "bye"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WebSocket ws = new WebSocket(new ByteArrayInputStream(in), out);
    assertThat(ws.read()).isEmpty();
    List<WebSocketFrame> sent = serverFrames(out.toByteArray());
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0)).isInstanceOf(PongWebSocketFrame.class);
    assertThat(sent.get(0).content().readByte()).isEqualTo((byte) 7);
    assertThat(((CloseWebSocketFrame) sent.get(1)).statusCode()).isEqualTo(1000);
  }

  @Test
  void sendsUnmaskedBinaryMessagesAndOneCloseFrame() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WebSocket ws = new WebSocket(new ByteArrayInputStream(new byte[0]), out);
    ws.sendBinary(new byte[] {1, 'o', 'k'}, 0, 3);
    ws.close(1000, "");
    ws.close(1000, "");
    List<WebSocketFrame> sent = serverFrames(out.toByteArray());
    assertThat(sent).hasSize(2);
    byte[] data = new byte[3];
    sent.get(0).content().readBytes(data);
    assertThat(data).containsExactly(1, 'o', 'k');
    assertThat(sent.get(1)).isInstanceOf(CloseWebSocketFrame.class);
  }

  @Test
  void anUnmaskedClientFrameBreaksTheProtocolAndEndsTheStream() throws Exception {
    EmbeddedChannel enc = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
    enc.writeOutbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1})));
    ByteBuf b = enc.readOutbound();
    byte[] unmasked = new byte[b.readableBytes()];
    b.readBytes(unmasked);
    b.release();
    WebSocket ws = new WebSocket(new ByteArrayInputStream(unmasked), new ByteArrayOutputStream());
    assertThat(ws.read()).isEmpty();
  }

  @Test
  void messageStreamsCarryBytesAcrossMessages() throws Exception {
    byte[] in = clientBytes(new BinaryWebSocketFrame(Unpooled.wrappedBuffer("ab".getBytes(StandardCharsets.UTF_8))),
        new BinaryWebSocketFrame(Unpooled.wrappedBuffer("cd".getBytes(StandardCharsets.UTF_8))));
    WebSocket ws = new WebSocket(new ByteArrayInputStream(in), new ByteArrayOutputStream());
    assertThat(new String(ws.messageInput().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("abcd");
  }
}
