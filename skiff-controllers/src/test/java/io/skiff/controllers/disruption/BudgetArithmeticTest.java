package io.skiff.controllers.disruption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpecBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BudgetArithmeticTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private static Pod pod(String name, boolean ready) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
        .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus()
        .build();
  }

  private static Pod owned(String name) {
    return new PodBuilder(pod(name, true)).editMetadata().addNewOwnerReference().withKind("ReplicaSet").withName("rs").withUid("u")
        .withController(true).endOwnerReference().endMetadata().build();
  }

  private static PodDisruptionBudgetSpec min(IntOrString v) {
    return new PodDisruptionBudgetSpecBuilder().withMinAvailable(v).build();
  }

  private static PodDisruptionBudget budget(PodDisruptionBudgetSpec spec, long generation, PodDisruptionBudgetStatus status) {
    return new PodDisruptionBudgetBuilder().withNewMetadata().withName("web").withNamespace("default").withGeneration(generation).endMetadata()
        .withSpec(spec).withStatus(status).build();
  }

  @Test
  void anIntegerMinAvailableExpectsTheSelectedPods() throws Exception {
    BudgetArithmetic.Expectation e = BudgetArithmetic.expectation(min(new IntOrString(2)), List.of(pod("a", true), owned("b"), pod("c", false)));
    assertThat(e).isEqualTo(new BudgetArithmetic.Expectation(3, 2, List.of()));
  }

  @Test
  void percentagesAndMaxUnavailableCountBarePodsAsUnmanagedAndFailOnControlledOnes() throws Exception {
    assertThat(BudgetArithmetic.expectation(min(new IntOrString("50%")), List.of(pod("a", true), pod("b", true))))
        .isEqualTo(new BudgetArithmetic.Expectation(0, 0, List.of("a", "b")));
    PodDisruptionBudgetSpec max = new PodDisruptionBudgetSpecBuilder().withMaxUnavailable(new IntOrString(1)).build();
    assertThat(BudgetArithmetic.expectation(max, List.of(pod("a", true)))).isEqualTo(new BudgetArithmetic.Expectation(0, 0, List.of("a")));
    assertThatThrownBy(() -> BudgetArithmetic.expectation(max, List.of(pod("a", true), owned("b"))))
        .isInstanceOf(BudgetArithmetic.ScaleUnknown.class).hasMessage("found no controllers for pod \"b\"");
  }

  @Test
  void percentagesRoundUp() {
    assertThat(BudgetArithmetic.scaled(new IntOrString("50%"), 3)).isEqualTo(2);
    assertThat(BudgetArithmetic.scaled(new IntOrString("10%"), 1)).isEqualTo(1);
    assertThat(BudgetArithmetic.scaled(new IntOrString("0%"), 7)).isZero();
    assertThat(BudgetArithmetic.scaled(new IntOrString(4), 7)).isEqualTo(4);
  }

  @Test
  void disruptionsAllowedIsTheHealthySurplusAndZeroWithoutExpectedPods() {
    assertThat(BudgetArithmetic.disruptionsAllowed(3, 1, 3)).isEqualTo(2);
    assertThat(BudgetArithmetic.disruptionsAllowed(1, 2, 3)).isZero();
    assertThat(BudgetArithmetic.disruptionsAllowed(2, 0, 0)).isZero();
  }

  @Test
  void syncCountsReadyPodsNotBeingDisruptedAndSetsTheCondition() throws Exception {
    Pod deleting = new PodBuilder(pod("d", true)).editMetadata().withDeletionTimestamp("2025-06-01T12:00:30Z").endMetadata().build();
    List<Pod> pods = List.of(pod("a", true), pod("b", true), pod("c", false), pod("e", true), deleting);
    PodDisruptionBudgetStatus old = new PodDisruptionBudgetStatus();
    old.setDisruptedPods(Map.of("e", "2025-06-01T11:59:00Z", "d", "2025-06-01T11:59:00Z", "gone", "2025-06-01T11:59:00Z"));
    PodDisruptionBudget pdb = budget(min(new IntOrString(1)), 3, old);
    BudgetArithmetic.Sync sync = BudgetArithmetic.sync(pdb, pods, BudgetArithmetic.expectation(pdb.getSpec(), pods), NOW);
    PodDisruptionBudgetStatus s = sync.status();
    assertThat(s.getExpectedPods()).isEqualTo(5);
    assertThat(s.getCurrentHealthy()).as("a and b: c is not ready, d is being deleted, e is being disrupted").isEqualTo(2);
    assertThat(s.getDesiredHealthy()).isEqualTo(1);
    assertThat(s.getDisruptionsAllowed()).isEqualTo(1);
    assertThat(s.getObservedGeneration()).isEqualTo(3L);
    assertThat(s.getDisruptedPods()).as("only e stays recorded").containsExactly(Map.entry("e", "2025-06-01T11:59:00Z"));
    assertThat(sync.recheckAt()).isEqualTo(Optional.of(Instant.parse("2025-06-01T12:01:00Z")));
    assertThat(s.getConditions()).singleElement().satisfies(c -> {
      assertThat(c.getType()).isEqualTo("DisruptionAllowed");
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("SufficientPods");
      assertThat(c.getObservedGeneration()).isEqualTo(3L);
      assertThat(c.getLastTransitionTime()).isEqualTo("2025-06-01T12:00:00Z");
    });
    assertThat(BudgetArithmetic.changed(pdb, s)).isTrue();
    assertThat(BudgetArithmetic.changed(budget(pdb.getSpec(), 3, s), s)).as("nothing to write the second time").isFalse();
  }

  @Test
  void aDisruptedPodNotDeletedWithinTwoMinutesCountsAgain() throws Exception {
    PodDisruptionBudgetStatus old = new PodDisruptionBudgetStatus();
    old.setDisruptedPods(Map.of("a", NOW.minus(Duration.ofMinutes(3)).toString()));
    PodDisruptionBudget pdb = budget(min(new IntOrString(1)), 1, old);
    List<Pod> pods = List.of(pod("a", true), pod("b", true));
    BudgetArithmetic.Sync sync = BudgetArithmetic.sync(pdb, pods, BudgetArithmetic.expectation(pdb.getSpec(), pods), NOW);
    assertThat(sync.notDeleted()).containsExactly(new BudgetArithmetic.NotDeleted("a"));
    assertThat(sync.status().getDisruptedPods()).isNull();
    assertThat(sync.status().getCurrentHealthy()).isEqualTo(2);
    assertThat(sync.recheckAt()).isEmpty();
  }

  @Test
  void failSafeAllowsNothingAndKeepsTheObservedGeneration() {
    PodDisruptionBudgetStatus old = new PodDisruptionBudgetStatus();
    old.setDisruptionsAllowed(2);
    old.setObservedGeneration(1L);
    PodDisruptionBudget pdb = budget(min(new IntOrString("50%")), 2, old);
    PodDisruptionBudgetStatus s = BudgetArithmetic.failSafe(pdb, "found no controllers for pod \"b\"", NOW);
    assertThat(s.getDisruptionsAllowed()).isZero();
    assertThat(s.getObservedGeneration()).isEqualTo(1L);
    assertThat(s.getConditions()).singleElement().satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("SyncFailed");
      assertThat(c.getMessage()).isEqualTo("found no controllers for pod \"b\"");
    });
  }
}
