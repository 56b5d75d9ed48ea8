package io.skiff.runtime.conmon;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.runtime.TerminalSize;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttachPacketTest {

  private static byte[] packet(int stream, String text) {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    byte[] p = new byte[data.length + 1];
    p[0] = (byte) stream;
    System.arraycopy(data, 0, p, 1, data.length);
    return p;
  }

  @Test
  void theFirstByteOfAPacketFromConmonNamesItsStream() {
    byte[] out = packet(2, "hello\n");
    byte[] err = packet(3, "oops\n");
    assertThat(AttachPacket.parse(out, out.length)).contains(new AttachPacket(AttachStream.STDOUT, "hello\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(AttachPacket.parse(err, err.length)).contains(new AttachPacket(AttachStream.STDERR, "oops\n".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void onlyTheReceivedLengthCounts() {
    byte[] buffer = Arrays.copyOf(packet(2, "abc"), 64);
    assertThat(AttachPacket.parse(buffer, 3).orElseThrow().data()).isEqualTo("ab".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void emptyPacketsAndUnknownOrInputStreamsAreSkipped() {
    assertThat(AttachPacket.parse(new byte[] {2}, 1)).isEmpty();
    assertThat(AttachPacket.parse(new byte[0], 0)).isEmpty();
    byte[] unknown = packet(9, "x");
    assertThat(AttachPacket.parse(unknown, unknown.length)).isEmpty();
    byte[] stdin = packet(1, "x");
    assertThat(AttachPacket.parse(stdin, stdin.length)).isEmpty();
  }

  @Test
  void inputIsSentRawInPacketsConmonReceivesWhole() {
    byte[] data = new byte[AttachPacket.MAX_INPUT * 2 + 10];
    Arrays.fill(data, (byte) 'x');
    List<byte[]> packets = AttachPacket.input(data, 5, data.length - 5);
    assertThat(packets).extracting(p -> p.length).containsExactly(AttachPacket.MAX_INPUT, AttachPacket.MAX_INPUT, 5);
    assertThat(AttachPacket.input("ls\n".getBytes(StandardCharsets.UTF_8), 0, 3)).singleElement()
        .isEqualTo("ls\n".getBytes(StandardCharsets.UTF_8));
    assertThat(AttachPacket.input(data, 0, 0)).isEmpty();
  }

  @Test
  void aResizeIsAControlLineWithTypeHeightAndWidthOrAWindowSizeLineWithHeightAndWidth() {
    assertThat(AttachPacket.resizeLine(new TerminalSize(120, 40))).isEqualTo("1 40 120\n");
    assertThat(AttachPacket.windowSizeLine(new TerminalSize(120, 40))).isEqualTo("40 120\n");
  }
}
