package io.skiff.kubelet.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.images.pull.GoDuration;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Go's spellings that end up in events. */
class GoTextTest {
  record Row(Duration duration, String printed) {}

  static Stream<Row> durations() {
    return Stream.of(new Row(Duration.ofSeconds(1), "1s"), new Row(Duration.ofSeconds(59), "59s"), new Row(Duration.ofSeconds(60), "1m0s"),
        new Row(Duration.ofSeconds(90), "1m30s"), new Row(Duration.ofHours(1), "1h0m0s"), new Row(Duration.ofSeconds(3725), "1h2m5s"),
        new Row(Duration.ofMillis(1500), "1.5s"), new Row(Duration.ofMillis(1250), "1.25s"), new Row(Duration.ofMillis(300), "300ms"),
        new Row(Duration.ZERO, "0s"));
  }

  @ParameterizedTest
  @MethodSource("durations")
  void durationsPrintAsGoPrintsThem(Row row) {
    assertThat(GoDuration.format(row.duration())).isEqualTo(row.printed());
  }
}
