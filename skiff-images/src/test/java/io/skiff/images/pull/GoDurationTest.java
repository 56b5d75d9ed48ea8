package io.skiff.images.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {
  @ParameterizedTest
  @CsvSource({"0, 0s", "1, 1ms", "796, 796ms", "1000, 1s", "1200, 1.2s", "1594, 1.594s", "60000, 1m0s",
      "62003, 1m2.003s", "3600000, 1h0m0s", "3723500, 1h2m3.5s"})
  void printsAsGoDoes(long millis, String expected) {
    assertThat(GoDuration.format(Duration.ofMillis(millis))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"1234567, 1.234s", "999999, 999ms", "999, 0s"})
  void truncatesToMilliseconds(long micros, String expected) {
    assertThat(GoDuration.format(Duration.ofNanos(micros * 1000))).isEqualTo(expected);
  }
}
