package io.skiff.scheduler.plugins;

import static io.skiff.scheduler.Fixtures.info;
import static io.skiff.scheduler.Fixtures.labeledPod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.skiff.scheduler.framework.PodInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetSplitTest {

  static PodDisruptionBudget budget(String namespace, String app, int disruptionsAllowed, String... disrupted) {
    PodDisruptionBudgetBuilder b = new PodDisruptionBudgetBuilder()
        .withNewMetadata().withNamespace(namespace).withName(app).endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", app).endSelector().endSpec()
        .withNewStatus().withDisruptionsAllowed(disruptionsAllowed).endStatus();
    for (String pod : disrupted) {
      b.editStatus().addToDisruptedPods(pod, "2025-06-01T11:59:00Z").endStatus();
    }
    return b.build();
  }

  private static PodInfo web(String name) {
    return info(labeledPod(name, "app", "web").build());
  }

  private static List<String> names(List<PodInfo> pods) {
    return pods.stream().map(PodInfo::name).toList();
  }

  @Test
  void podsBeyondTheDisruptionsABudgetAllowsViolateItInTheGivenOrder() {
    BudgetSplit split = BudgetSplit.of(List.of(web("a"), web("b"), web("c")), List.of(budget("default", "web", 1)));

    assertThat(names(split.nonViolating())).containsExactly("a");
    assertThat(names(split.violating())).containsExactly("b", "c");
  }

  @Test
  void withoutBudgetsNoPodViolates() {
    BudgetSplit split = BudgetSplit.of(List.of(web("a"), web("b")), List.of());

    assertThat(split.violating()).isEmpty();
    assertThat(names(split.nonViolating())).containsExactly("a", "b");
  }

  @Test
  void podsAlreadyInDisruptedPodsUseNoDisruption() {
    BudgetSplit split = BudgetSplit.of(List.of(web("gone"), web("b")), List.of(budget("default", "web", 1, "gone")));

    assertThat(names(split.nonViolating())).containsExactly("gone", "b");
  }

  @Test
  void aBudgetInAnotherNamespaceOrForOtherLabelsDoesNotProtectThePod() {
    BudgetSplit split = BudgetSplit.of(List.of(web("a")),
        List.of(budget("other", "web", 0), budget("default", "db", 0)));

    assertThat(split.violating()).isEmpty();
  }

  @Test
  void aBudgetWithAnEmptySelectorProtectsNothing() {
    PodDisruptionBudget empty = new PodDisruptionBudgetBuilder(budget("default", "web", 0))
        .editSpec().withNewSelector().endSelector().endSpec().build();

    assertThat(BudgetSplit.of(List.of(web("a")), List.of(empty)).violating()).isEmpty();
  }

  @Test
  void aPodWithoutLabelsViolatesNothing() {
    PodDisruptionBudget all = new PodDisruptionBudgetBuilder(budget("default", "web", 0))
        .editSpec().withNewSelector().addNewMatchExpression().withKey("app").withOperator("DoesNotExist").endMatchExpression()
        .endSelector().endSpec().build();

    assertThat(BudgetSplit.of(List.of(info(labeledPod("bare").build())), List.of(all)).violating()).isEmpty();
    assertThat(BudgetSplit.of(List.of(info(labeledPod("other", "tier", "x").build())), List.of(all)).violating()).hasSize(1);
  }

  @Test
  void aBudgetWithoutStatusAllowsNoDisruption() {
    PodDisruptionBudget fresh = new PodDisruptionBudgetBuilder(budget("default", "web", 5)).withStatus(null).build();

    assertThat(names(BudgetSplit.of(List.of(web("a")), List.of(fresh)).violating())).containsExactly("a");
  }

  @Test
  void aPodSelectedByTwoBudgetsViolatesWhenEitherIsExhausted() {
    PodDisruptionBudget tier = new PodDisruptionBudgetBuilder()
        .withNewMetadata().withNamespace("default").withName("tier").endMetadata()
        .withNewSpec().withNewSelector().withMatchLabels(Map.of("tier", "front")).endSelector().endSpec()
        .withNewStatus().withDisruptionsAllowed(0).endStatus().build();
    PodInfo both = info(labeledPod("both", "app", "web", "tier", "front").build());

    assertThat(names(BudgetSplit.of(List.of(both), List.of(budget("default", "web", 3), tier)).violating())).containsExactly("both");
  }
}
