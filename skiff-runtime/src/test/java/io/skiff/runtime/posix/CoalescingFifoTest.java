package io.skiff.runtime.posix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoalescingFifoTest {
  @TempDir
  Path tmp;

  private Path fifo() throws Exception {
    Path f = tmp.resolve("winsz");
    Process p = new ProcessBuilder("mkfifo", f.toString()).inheritIO().start();
    assertThat(p.waitFor()).isZero();
    return f;
  }

  @Test
  void theReaderGetsOnlyTheLatestLineWrittenSinceItLastRead() throws Exception {
    Path f = fifo();
    try (CoalescingFifo sizes = CoalescingFifo.open(f); FileInputStream reader = new FileInputStream(f.toFile())) {
      sizes.replace("31 101\n");
      sizes.replace("30 100\n");
      byte[] buf = new byte[64];
      assertThat(new String(buf, 0, reader.read(buf), StandardCharsets.US_ASCII)).isEqualTo("30 100\n");
      sizes.replace("40 120\n");
      assertThat(new String(buf, 0, reader.read(buf), StandardCharsets.US_ASCII)).isEqualTo("40 120\n");
    }
  }
}
