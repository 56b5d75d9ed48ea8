package io.skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.skiff.common.SkiffException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvictionBudgetTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private static Pod pod(String name, String phase, boolean ready) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withLabels(Map.of("app", "web")).endMetadata()
        .withNewStatus().withPhase(phase).addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus()
        .build();
  }

  private static PodDisruptionBudget budget(String name, int allowed, int current, int desired) {
    return new PodDisruptionBudgetBuilder().withNewMetadata().withName(name).withNamespace("default").withGeneration(1L).endMetadata()
        .withNewSpec().withMinAvailable(new IntOrString(desired)).withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec()
        .withNewStatus().withObservedGeneration(1L).withDisruptionsAllowed(allowed).withCurrentHealthy(current).withDesiredHealthy(desired)
        .withExpectedPods(current).endStatus().build();
  }

  @Test
  void pendingTerminalAndDeletingPodsBypassBudgets() {
    assertThat(EvictionBudget.bypassesBudgets(pod("a", "Pending", false))).isTrue();
    assertThat(EvictionBudget.bypassesBudgets(pod("a", "Succeeded", false))).isTrue();
    assertThat(EvictionBudget.bypassesBudgets(pod("a", "Failed", false))).isTrue();
    assertThat(EvictionBudget.bypassesBudgets(pod("a", "Running", true))).isFalse();
    Pod deleting = new PodBuilder(pod("a", "Running", true)).editMetadata().withDeletionTimestamp("2025-06-01T12:00:00Z").endMetadata().build();
    assertThat(EvictionBudget.bypassesBudgets(deleting)).isTrue();
    assertThat(EvictionBudget.pinsResourceVersion(pod("a", "Pending", false))).as("a pending pod may become ready meanwhile").isTrue();
    assertThat(EvictionBudget.pinsResourceVersion(pod("a", "Failed", false))).isFalse();
  }

  @Test
  void onlyBudgetsOfThePodsNamespaceWithAMatchingSelectorGuardIt() {
    PodDisruptionBudget other = new PodDisruptionBudgetBuilder(budget("other", 1, 2, 1)).editMetadata().withNamespace("kube-system").endMetadata().build();
    PodDisruptionBudget db = new PodDisruptionBudgetBuilder(budget("db", 1, 2, 1)).editSpec().editSelector().addToMatchLabels("app", "db")
        .endSelector().endSpec().build();
    PodDisruptionBudget none = new PodDisruptionBudgetBuilder(budget("none", 1, 2, 1)).editSpec().withSelector(null).endSpec().build();
    PodDisruptionBudget all = new PodDisruptionBudgetBuilder(budget("all", 1, 2, 1)).editSpec().withNewSelector().endSelector().endSpec().build();
    PodDisruptionBudget web = budget("web", 1, 2, 1);
    assertThat(EvictionBudget.guarding(List.of(other, db, none, all, web), pod("w", "Running", true)))
        .extracting(b -> b.getMetadata().getName()).containsExactly("all", "web");
  }

  @Test
  void verdictFollowsTheBudgetCountAndTheUnhealthyPodPolicy() {
    Pod ready = pod("w", "Running", true);
    Pod unready = pod("w", "Running", false);
    assertThat(EvictionBudget.verdict(ready, List.of())).isInstanceOf(EvictionBudget.Verdict.Unguarded.class);
    assertThat(EvictionBudget.verdict(ready, List.of(budget("a", 1, 2, 1), budget("b", 1, 2, 1))))
        .isInstanceOf(EvictionBudget.Verdict.TooManyBudgets.class);
    assertThat(EvictionBudget.verdict(ready, List.of(budget("a", 0, 2, 2)))).isInstanceOf(EvictionBudget.Verdict.Decrement.class);
    assertThat(EvictionBudget.verdict(unready, List.of(budget("a", 0, 2, 2))))
        .as("IfHealthyBudget: the healthy pods meet the budget").isEqualTo(new EvictionBudget.Verdict.DeleteUnhealthy("a"));
    assertThat(EvictionBudget.verdict(unready, List.of(budget("a", 0, 1, 2))))
        .as("IfHealthyBudget: the application is already disrupted").isInstanceOf(EvictionBudget.Verdict.Decrement.class);
    PodDisruptionBudget always = new PodDisruptionBudgetBuilder(budget("a", 0, 1, 2)).editSpec().withUnhealthyPodEvictionPolicy("AlwaysAllow")
        .endSpec().build();
    assertThat(EvictionBudget.verdict(unready, List.of(always))).isEqualTo(new EvictionBudget.Verdict.DeleteUnhealthy("a"));
    assertThat(EvictionBudget.verdict(ready, List.of(always))).isInstanceOf(EvictionBudget.Verdict.Decrement.class);
  }

  @Test
  void decrementSpendsOneDisruptionAndRecordsThePod() {
    PodDisruptionBudgetStatus next = EvictionBudget.decrement(budget("web", 2, 3, 1), "w", NOW, false);
    assertThat(next.getDisruptionsAllowed()).isEqualTo(1);
    assertThat(next.getDisruptedPods()).containsExactly(Map.entry("w", "2025-06-01T12:00:00Z"));
    assertThat(next.getConditions()).as("unchanged while disruptions remain").isNullOrEmpty();

    PodDisruptionBudgetStatus last = EvictionBudget.decrement(budget("web", 1, 2, 1), "w", NOW, false);
    assertThat(last.getDisruptionsAllowed()).isZero();
    assertThat(last.getConditions()).singleElement().satisfies(c -> {
      assertThat(c.getType()).isEqualTo("DisruptionAllowed");
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("InsufficientPods");
      assertThat(c.getObservedGeneration()).isEqualTo(1L);
    });

    PodDisruptionBudgetStatus dry = EvictionBudget.decrement(budget("web", 2, 3, 1), "w", NOW, true);
    assertThat(dry.getDisruptionsAllowed()).isEqualTo(1);
    assertThat(dry.getDisruptedPods()).as("a dry run records nothing").isNullOrEmpty();
  }

  @Test
  void aBudgetWithoutDisruptionsRefusesWithKubernetes429() {
    assertThatThrownBy(() -> EvictionBudget.decrement(budget("web", 0, 2, 2), "w", NOW, false))
        .isInstanceOfSatisfying(SkiffException.TooManyRequests.class, e -> {
          assertThat(e.getMessage()).isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
          assertThat(e.retryAfterSeconds()).isZero();
          assertThat(e.causes()).containsExactly(new SkiffException.TooManyRequests.Cause("DisruptionBudget",
              "The disruption budget web needs 2 healthy pods and has 2 currently"));
        });
  }

  @Test
  void aStaleStatusOrAnOverfullRecordRefuses() {
    PodDisruptionBudget stale = new PodDisruptionBudgetBuilder(budget("web", 3, 4, 1)).editMetadata().withGeneration(2L).endMetadata().build();
    assertThatThrownBy(() -> EvictionBudget.decrement(stale, "w", NOW, false))
        .isInstanceOfSatisfying(SkiffException.TooManyRequests.class, e -> {
          assertThat(e.retryAfterSeconds()).isEqualTo(10);
          assertThat(e.causes()).extracting(SkiffException.TooManyRequests.Cause::message)
              .containsExactly("The disruption budget web is still being processed by the server.");
        });
    PodDisruptionBudget negative = budget("web", -1, 1, 1);
    assertThatThrownBy(() -> EvictionBudget.decrement(negative, "w", NOW, false)).isInstanceOf(SkiffException.Forbidden.class)
        .hasMessage("poddisruptionbudget.policy \"web\" is forbidden: pdb disruptions allowed is negative");
  }
}
