package io.skiff.streams.spdy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyHeaders;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * SPDY/3.1 frames read from and written to blocking streams. One thread reads; any thread writes. Netty's codec runs
 * in two {@link EmbeddedChannel}s, one per direction, each with its own header-compression context as SPDY wants.
 * Frames read are Netty's; the caller releases data frames' content.
 */
public final class SpdyFraming implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SpdyFraming.class);
  private final InputStream in;
  private final OutputStream out;
  private final EmbeddedChannel decoder = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
  private final EmbeddedChannel encoder = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ArrayDeque<SpdyFrame> decoded = new ArrayDeque<>();
  private final byte[] buffer = new byte[32 * 1024];

  public SpdyFraming(InputStream in, OutputStream out) {
    this.in = in;
    this.out = out;
  }

  /** The next frame; empty once the peer closed the connection or sent bytes that are not SPDY/3.1. */
  public Optional<SpdyFrame> read() throws IOException {
    while (decoded.isEmpty()) {
      int n = in.read(buffer);
      if (n < 0) {
        return Optional.empty();
      }
      try {
        decoder.writeInbound(Unpooled.copiedBuffer(buffer, 0, n));
      } catch (RuntimeException malformed) {
        LOG.debug("the peer's bytes are not SPDY/3.1: {}", malformed.toString());
        return Optional.empty();
      }
      Object o;
      while ((o = decoder.readInbound()) != null) {
        if (o instanceof SpdyFrame f) {
          decoded.add(f);
        }
      }
    }
    return Optional.of(decoded.poll());
  }

  /** Encodes and writes {@code frame} (releasing it). */
  public void write(SpdyFrame frame) throws IOException {
    writeLock.lock();
    try {
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
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Accepts a stream the peer opened. Netty writes an empty header block as no bytes at all, which Go's SPDY reader
   * (kubectl's) cannot inflate; the reply therefore echoes the stream's own headers (the peer ignores a reply's headers).
   */
  public void reply(SpdySynStreamFrame syn) throws IOException {
    DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(syn.streamId());
    reply.headers().set(syn.headers());
    write(reply);
  }

  /** Half-closes stream {@code streamId}: an empty data frame with the FIN flag (this side sends nothing more on it). */
  public void finish(int streamId) throws IOException {
    DefaultSpdyDataFrame fin = new DefaultSpdyDataFrame(streamId);
    fin.setLast(true);
    write(fin);
  }

  /** The value of header {@code name} (SPDY/3 sends header names in lower case; Go writes them as it likes), or empty. */
  public static Optional<String> header(SpdyHeaders headers, String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    for (Map.Entry<CharSequence, CharSequence> e : headers) {
      if (e.getKey().toString().toLowerCase(Locale.ROOT).equals(wanted)) {
        return Optional.of(e.getValue().toString());
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      decoder.finishAndReleaseAll();
      encoder.finishAndReleaseAll();
    } finally {
      writeLock.unlock();
    }
  }
}
