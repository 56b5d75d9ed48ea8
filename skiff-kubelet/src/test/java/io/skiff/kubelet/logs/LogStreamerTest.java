package io.skiff.kubelet.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogStreamerTest {
  @TempDir Path dir;

  private Path log(String content) throws Exception {
    Path p = dir.resolve("0.log");
    Files.writeString(p, content);
    return p;
  }

  private static final String LOG = """
      2026-01-01T00:00:01.100000000Z stdout F first
      2026-01-01T00:00:02.000000000Z stderr F second
      2026-01-01T00:00:03.123456789Z stdout P par
      2026-01-01T00:00:03.200000000Z stdout F tial
      2026-01-01T00:00:04Z stdout F fourth
      """;

  private static String stream(Path p, LogOptions o) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LogStreamer.stream(p, o, () -> false, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsTheContentWithoutTheCriPrefixJoiningPartialLines() throws Exception {
    assertThat(stream(log(LOG), LogOptions.ALL)).isEqualTo("first\nsecond\npartial\nfourth\n");
  }

  @Test
  void timestampsAreGoRfc3339Nano() throws Exception {
    assertThat(stream(log(LOG), new LogOptions(false, false, 2, null, true, null)))
        .isEqualTo("2026-01-01T00:00:03.123456789Z par2026-01-01T00:00:03.2Z tial\n2026-01-01T00:00:04Z fourth\n");
  }

  @Test
  void tailCountsWholeLines() throws Exception {
    assertThat(stream(log(LOG), new LogOptions(false, false, 2, null, false, null))).isEqualTo("partial\nfourth\n");
    assertThat(stream(log(LOG), new LogOptions(false, false, 0, null, false, null))).isEmpty();
    assertThat(stream(log(LOG), new LogOptions(false, false, 99, null, false, null))).isEqualTo("first\nsecond\npartial\nfourth\n");
  }

  @Test
  void sinceDropsOlderLines() throws Exception {
    assertThat(stream(log(LOG), new LogOptions(false, false, null, Instant.parse("2026-01-01T00:00:02Z"), false, null)))
        .isEqualTo("second\npartial\nfourth\n");
  }

  @Test
  void limitBytesCutsTheOutput() throws Exception {
    assertThat(stream(log(LOG), new LogOptions(false, false, null, null, false, 8L))).isEqualTo("first\nse");
  }

  @Test
  void anIncompleteLastLineIsNotShownYet() throws Exception {
    assertThat(stream(log("2026-01-01T00:00:01Z stdout F done\n2026-01-01T00:00:02Z stdout F half"), LogOptions.ALL)).isEqualTo("done\n");
  }

  @Test
  void followReadsWhatIsAppendedUntilTheContainerStops() throws Exception {
    Path p = log("2026-01-01T00:00:01Z stdout F one\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread t = Thread.ofVirtual().start(() -> {
      try {
        LogStreamer.stream(p, new LogOptions(true, false, null, null, false, null), running::get, out);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    io.skiff.testing.Await.until("the first line", java.time.Duration.ofSeconds(10), () -> out.toString(StandardCharsets.UTF_8).equals("one\n"));
    Files.writeString(p, "2026-01-01T00:00:02Z stdout F two\n", java.nio.file.StandardOpenOption.APPEND);
    io.skiff.testing.Await.until("the appended line", java.time.Duration.ofSeconds(10),
        () -> out.toString(StandardCharsets.UTF_8).equals("one\ntwo\n"));
    running.set(false);
    t.join(java.time.Duration.ofSeconds(10));
    assertThat(t.isAlive()).isFalse();
  }
}
