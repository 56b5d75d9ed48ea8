package io.skiff.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SchedulerConfigTest {
  @Test
  void theDefaultsUseKubernetesAdaptivePercentageOfNodesToScore() {
    assertThat(SchedulerConfig.defaults().percentageOfNodesToScore()).isZero();
  }

  @Test
  void aPercentageOfNodesToScoreOutside0To100IsRejectedAsKubernetesValidationDoes() {
    SchedulerConfig defaults = SchedulerConfig.defaults();
    assertThat(defaults.withPercentageOfNodesToScore(100).percentageOfNodesToScore()).isEqualTo(100);
    assertThatThrownBy(() -> defaults.withPercentageOfNodesToScore(101)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("percentageOfNodesToScore: Invalid value: 101: not in valid range [0-100]");
    assertThatThrownBy(() -> defaults.withPercentageOfNodesToScore(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
