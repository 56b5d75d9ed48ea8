package io.skiff.runtime.conmon;

import io.skiff.runtime.TerminalSize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * conmon's attach protocol. The socket is {@code SOCK_SEQPACKET}, so packets keep their boundaries. Packets from
 * conmon carry one read of the container's output: the first byte is the stream ({@link AttachStream#STDOUT} or
 * {@link AttachStream#STDERR}; a terminal's output is all stdout), the rest the bytes. Packets to conmon are raw input,
 * without a stream byte, at most {@link #MAX_INPUT} bytes each (conmon receives into a fixed buffer and the socket
 * type cuts longer packets). Resizing goes through the control fifo instead, as a line {@code "1 HEIGHT WIDTH"}, which
 * conmon passes on to its window size fifo as {@code "HEIGHT WIDTH"}.
 *
 * @param stream the stream the bytes came on
 * @param data   the bytes, without the stream byte
 */
public record AttachPacket(AttachStream stream, byte[] data) {
  /** The largest input packet written: conmon's stdio buffer, which every conmon version receives whole. */
  public static final int MAX_INPUT = 8192;
  /** The control message type that resizes the terminal. */
  static final int RESIZE = 1;

  public AttachPacket {
    Objects.requireNonNull(stream, "stream");
    data = data.clone();
  }

  /** The packet received in {@code buffer[0..length)}; empty for a packet without bytes or of an unknown stream. */
  public static Optional<AttachPacket> parse(byte[] buffer, int length) {
    if (length < 2) {
      return Optional.empty();
    }
    return AttachStream.of(buffer[0] & 0xff).filter(s -> s != AttachStream.STDIN)
        .map(s -> new AttachPacket(s, Arrays.copyOfRange(buffer, 1, length)));
  }

  /** {@code data[off..off+len)} cut into input packets of at most {@link #MAX_INPUT} bytes. */
  public static List<byte[]> input(byte[] data, int off, int len) {
    List<byte[]> packets = new ArrayList<>();
    for (int start = off; start < off + len; start += MAX_INPUT) {
      packets.add(Arrays.copyOfRange(data, start, Math.min(off + len, start + MAX_INPUT)));
    }
    return packets;
  }

  /** The control fifo line that gives the terminal {@code size}: type, height, width. */
  public static String resizeLine(TerminalSize size) {
    return RESIZE + " " + windowSizeLine(size);
  }

  /** The window size fifo line that gives the terminal {@code size}: height, width. */
  public static String windowSizeLine(TerminalSize size) {
    return size.rows() + " " + size.columns() + "\n";
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AttachPacket p && p.stream == stream && Arrays.equals(p.data, data);
  }

  @Override
  public int hashCode() {
    return stream.hashCode() * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "AttachPacket[" + stream + ", " + data.length + " bytes]";
  }
}
