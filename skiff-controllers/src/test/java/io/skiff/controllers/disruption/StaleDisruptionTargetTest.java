package io.skiff.controllers.disruption;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StaleDisruptionTargetTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private static Pod marked(String reason, String since, String phase) {
    return new PodBuilder().withNewMetadata().withName("p").withNamespace("default").endMetadata().withNewStatus().withPhase(phase)
        .addNewCondition().withType("Ready").withStatus("True").endCondition()
        .addNewCondition().withType("DisruptionTarget").withStatus("True").withReason(reason).withMessage("Eviction API: evicting")
        .withLastTransitionTime(since).endCondition().endStatus().build();
  }

  @Test
  void aConditionBecomesStaleTwoMinutesAfterItWasSet() {
    assertThat(StaleDisruptionTarget.cleanAfter(marked("EvictionByEvictionAPI", "2025-06-01T11:59:30Z", "Running"), NOW))
        .contains(Duration.ofSeconds(90));
    assertThat(StaleDisruptionTarget.cleanAfter(marked("PreemptionByScheduler", "2025-06-01T11:50:00Z", "Running"), NOW))
        .contains(Duration.ZERO);
  }

  @Test
  void kubeletConditionsFinishedAndDeletingPodsAreLeftAlone() {
    assertThat(StaleDisruptionTarget.cleanAfter(marked("TerminationByKubelet", "2025-06-01T11:50:00Z", "Running"), NOW)).isEmpty();
    assertThat(StaleDisruptionTarget.cleanAfter(marked("EvictionByEvictionAPI", "2025-06-01T11:50:00Z", "Failed"), NOW)).isEmpty();
    Pod deleting = new PodBuilder(marked("EvictionByEvictionAPI", "2025-06-01T11:50:00Z", "Running")).editMetadata()
        .withDeletionTimestamp("2025-06-01T12:00:30Z").endMetadata().build();
    assertThat(StaleDisruptionTarget.cleanAfter(deleting, NOW)).isEqualTo(Optional.empty());
  }

  @Test
  void resetTurnsOnlyTheDisruptionTargetFalse() {
    Pod pod = marked("EvictionByEvictionAPI", "2025-06-01T11:50:00Z", "Running");
    assertThat(StaleDisruptionTarget.reset(pod, NOW)).satisfiesExactly(
        ready -> assertThat(ready.getStatus()).isEqualTo("True"),
        target -> {
          assertThat(target.getType()).isEqualTo("DisruptionTarget");
          assertThat(target.getStatus()).isEqualTo("False");
          assertThat(target.getReason()).isNull();
          assertThat(target.getLastTransitionTime()).isEqualTo("2025-06-01T12:00:00Z");
        });
    assertThat(StaleDisruptionTarget.cleanAfter(new PodBuilder(pod).editStatus().withConditions(StaleDisruptionTarget.reset(pod, NOW))
        .endStatus().build(), NOW)).as("nothing left to clean").isEmpty();
  }
}
