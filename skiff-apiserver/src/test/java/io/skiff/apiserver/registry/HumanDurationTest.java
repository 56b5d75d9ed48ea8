package io.skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HumanDurationTest {

  record Case(Duration duration, String expected) {}

  static Stream<Case> durations() {
    return Stream.of(
        new Case(Duration.ofSeconds(-5), "<invalid>"),
        new Case(Duration.ofSeconds(-2), "<invalid>"),
        new Case(Duration.ofMillis(-1500), "0s"),
        new Case(Duration.ofSeconds(-1), "0s"),
        new Case(Duration.ZERO, "0s"),
        new Case(Duration.ofMillis(999), "0s"),
        new Case(Duration.ofSeconds(5), "5s"),
        new Case(Duration.ofSeconds(119), "119s"),
        new Case(Duration.ofSeconds(120), "2m"),
        new Case(Duration.ofSeconds(182), "3m2s"),
        new Case(Duration.ofSeconds(9 * 60 + 59), "9m59s"),
        new Case(Duration.ofMinutes(10), "10m"),
        new Case(Duration.ofMinutes(10).plusSeconds(30), "10m"),
        new Case(Duration.ofMinutes(179), "179m"),
        new Case(Duration.ofHours(3), "3h"),
        new Case(Duration.ofHours(5).plusMinutes(3), "5h3m"),
        new Case(Duration.ofHours(7).plusMinutes(59), "7h59m"),
        new Case(Duration.ofHours(8).plusMinutes(30), "8h"),
        new Case(Duration.ofHours(30), "30h"),
        new Case(Duration.ofHours(47), "47h"),
        new Case(Duration.ofHours(48), "2d"),
        new Case(Duration.ofHours(51), "2d3h"),
        new Case(Duration.ofDays(7).plusHours(23), "7d23h"),
        new Case(Duration.ofDays(8), "8d"),
        new Case(Duration.ofDays(40).plusHours(5), "40d"),
        new Case(Duration.ofDays(729), "729d"),
        new Case(Duration.ofDays(730), "2y"),
        new Case(Duration.ofDays(365 * 3 + 20), "3y20d"),
        new Case(Duration.ofDays(365 * 8 - 1), "7y364d"),
        new Case(Duration.ofDays(365 * 9 + 100), "9y"));
  }

  @ParameterizedTest
  @MethodSource("durations")
  void formatsDurationsAsKubectlDoes(Case c) {
    assertThat(HumanDuration.format(c.duration())).isEqualTo(c.expected());
  }

  @Test
  void sinceMeasuresFromAnRfc3339Timestamp() {
    Instant now = Instant.parse("2025-03-01T12:00:00Z");
    assertThat(HumanDuration.since("2025-03-01T11:56:58Z", now)).isEqualTo("3m2s");
    assertThat(HumanDuration.since("2025-03-01T11:59:55.123456Z", now)).isEqualTo("4s");
    assertThat(HumanDuration.since("2025-03-01T13:59:55+02:00", now)).isEqualTo("5s");
  }

  @Test
  void absentOrZeroTimestampsAreUnknown() {
    Instant now = Instant.parse("2025-03-01T12:00:00Z");
    assertThat(HumanDuration.since((String) null, now)).isEqualTo("<unknown>");
    assertThat(HumanDuration.since("", now)).isEqualTo("<unknown>");
    assertThat(HumanDuration.since("0001-01-01T00:00:00Z", now)).isEqualTo("<unknown>");
    assertThat(HumanDuration.since((Instant) null, now)).isEqualTo("<unknown>");
  }
}
