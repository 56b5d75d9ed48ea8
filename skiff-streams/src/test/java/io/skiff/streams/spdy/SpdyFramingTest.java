package io.skiff.streams.spdy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Frames a peer encodes (with its own compression context) come out whole, and what is written a peer can decode. */
class SpdyFramingTest {

  @Test
  void readsStreamsWithTheirCompressedHeadersAndData() throws Exception {
    EmbeddedChannel peer = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    DefaultSpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(1, 0, (byte) 0);
    syn.headers().set("streamtype", "data").set("port", "8080").set("requestid", "0");
    peer.writeOutbound(syn, new DefaultSpdyDataFrame(1, Unpooled.copiedBuffer("GET /", StandardCharsets.UTF_8)));
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    ByteBuf b;
    while ((b = peer.readOutbound()) != null) {
      b.readBytes(wire, b.readableBytes());
      b.release();
    }
    SpdyFraming framing = new SpdyFraming(new ByteArrayInputStream(wire.toByteArray()), new ByteArrayOutputStream());
    SpdySynStreamFrame read = (SpdySynStreamFrame) framing.read().orElseThrow();
    assertThat(read.streamId()).isEqualTo(1);
    assertThat(read.headers().getAsString("port")).isEqualTo("8080");
    SpdyDataFrame data = (SpdyDataFrame) framing.read().orElseThrow();
    assertThat(data.content().toString(StandardCharsets.UTF_8)).isEqualTo("GET /");
    data.release();
    assertThat(framing.read()).isEmpty();
  }

  @Test
  void writesFramesAPeerDecodes() throws Exception {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    SpdyFraming framing = new SpdyFraming(new ByteArrayInputStream(new byte[0]), wire);
    DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(3);
    reply.headers().set("port", "80");
    framing.write(reply);
    DefaultSpdyDataFrame fin = new DefaultSpdyDataFrame(3);
    fin.setLast(true);
    framing.write(fin);
    EmbeddedChannel peer = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    peer.writeInbound(Unpooled.wrappedBuffer(wire.toByteArray()));
    SpdySynReplyFrame r = peer.readInbound();
    assertThat(r.streamId()).isEqualTo(3);
    assertThat(r.headers().getAsString("port")).isEqualTo("80");
    SpdyDataFrame d = peer.readInbound();
    assertThat(d.isLast()).isTrue();
    d.release();
  }

  @Test
  void bytesThatAreNotSpdyEndTheSession() throws Exception {
    SpdyFraming framing = new SpdyFraming(new ByteArrayInputStream("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
        new ByteArrayOutputStream());
    assertThat(framing.read()).isEmpty();
  }
}
