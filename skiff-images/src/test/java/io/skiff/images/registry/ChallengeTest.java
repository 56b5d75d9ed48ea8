package io.skiff.images.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChallengeTest {
  @Test
  void parsesABearerChallengeAsDockerHubSendsIt() {
    List<Challenge> c = Challenge.parse(
        "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/nginx:pull\"");
    assertThat(c).containsExactly(new Challenge("bearer", Map.of("realm", "https://auth.docker.io/token",
        "service", "registry.docker.io", "scope", "repository:library/nginx:pull")));
  }

  @Test
  void parsesBasicAndSeveralChallengesInOneHeader() {
    List<Challenge> c = Challenge.parse("Basic realm=\"Registry Realm\", Bearer realm=\"https://x/token\",service=reg");
    assertThat(c).extracting(Challenge::scheme).containsExactly("basic", "bearer");
    assertThat(c.get(0).parameter("realm")).isEqualTo("Registry Realm");
    assertThat(c.get(1).parameter("service")).isEqualTo("reg");
  }

  @Test
  void unquotesEscapedCharacters() {
    assertThat(Challenge.parse("Basic realm=\"a \\\"quoted\\\" realm\"").get(0).parameter("realm")).isEqualTo("a \"quoted\" realm");
  }

  @ParameterizedTest
  @CsvSource({"1, 0", "2, 250", "3, 500", "4, 1000", "5, 2000", "6, 4000", "7, 4000"})
  void retryDelaysDoubleUpToTheCap(int attempt, long millis) {
    assertThat(RetryPolicy.DEFAULT.delayBefore(attempt)).isEqualTo(Duration.ofMillis(millis));
  }
}
