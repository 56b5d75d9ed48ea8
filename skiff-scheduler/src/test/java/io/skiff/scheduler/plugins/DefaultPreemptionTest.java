package io.skiff.scheduler.plugins;

import static io.skiff.scheduler.Fixtures.boundTo;
import static io.skiff.scheduler.Fixtures.info;
import static io.skiff.scheduler.Fixtures.node;
import static io.skiff.scheduler.Fixtures.nodeInfo;
import static io.skiff.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.skiff.scheduler.framework.Candidate;
import io.skiff.scheduler.framework.ClusterSnapshot;
import io.skiff.scheduler.framework.DisruptionBudgets;
import io.skiff.scheduler.framework.FilterResult;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NominatedPods;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.framework.PostFilterResult;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DefaultPreemptionTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private final DefaultPreemption preemption = new DefaultPreemption(InstantSource.fixed(NOW), new SplittableRandom(7), DisruptionBudgets.NONE);

  private PostFilterResult run(Pod pod, List<NodeInfo> nodes) {
    return run(pod, ClusterSnapshot.of(nodes));
  }

  private PostFilterResult run(Pod pod, ClusterSnapshot cluster) {
    Map<String, FilterResult.Reject> rejections = new LinkedHashMap<>();
    for (NodeInfo n : cluster.nodes()) {
      if (DefaultPlugins.profile().filters().prepareWithNominated(info(pod), cluster).filter(n) instanceof FilterResult.Reject r) {
        rejections.put(n.name(), r);
      }
    }
    return preemption.postFilter(info(pod), cluster, rejections, DefaultPlugins.profile().filters());
  }

  private static Pod running(String name, String cpu, int priority, String node, String startTime) {
    Pod p = boundTo(pod(name, cpu, null).editSpec().withPriority(priority).endSpec().build(), node);
    return new PodBuilder(p).editStatus().withPhase("Running").withStartTime(startTime).endStatus().build();
  }

  private static Pod preemptor(String cpu, int priority) {
    return pod("p", cpu, null).editSpec().withPriority(priority).endSpec().build();
  }

  private static List<String> victims(PostFilterResult result) {
    assertThat(result).isInstanceOf(PostFilterResult.VictimsFound.class);
    return ((PostFilterResult.VictimsFound) result).candidate().victims().stream().map(PodInfo::name).toList();
  }

  private static String nodeOf(PostFilterResult result) {
    return ((PostFilterResult.VictimsFound) result).candidate().nodeName();
  }

  @Test
  void unresolvableRejectionsAreNotHelpedByPreemption() {
    var tainted = node("t", "4", "8Gi", 110).editSpec().addNewTaint().withKey("k").withEffect("NoSchedule").endTaint().endSpec().build();
    assertThat(run(pod("p", "1", "1Gi").build(), List.of(nodeInfo(tainted))))
        .isEqualTo(new PostFilterResult.Unresolved("preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.", true));
  }

  @Test
  void aFullNodeWithoutLowerPriorityPodsHasNoVictims() {
    var full = nodeInfo(node("n", "1", "8Gi", 110).build(), boundTo(pod("other", "800m", null).build(), "n"));
    assertThat(run(pod("p", "500m", null).build(), List.of(full))).isEqualTo(
        new PostFilterResult.Unresolved("preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.", true));
  }

  @Test
  void removingLowerPriorityPodsThatDoNotFreeEnoughKeepsTheFilterReason() {
    var node = nodeInfo(node("n", "1", "8Gi", 110).build(), boundTo(pod("low", "100m", null).build(), "n"));
    assertThat(run(preemptor("2", 100), List.of(node)))
        .isEqualTo(new PostFilterResult.Unresolved("preemption: 0/1 nodes are available: 1 Insufficient cpu.", true));
  }

  @Test
  void preemptionPolicyNeverIsNotEligible() {
    var full = nodeInfo(node("n", "1", "8Gi", 110).build());
    Pod pod = pod("p", "2", null).editSpec().withPreemptionPolicy("Never").endSpec().build();
    assertThat(run(pod, List.of(full)))
        .isEqualTo(new PostFilterResult.Unresolved("preemption: not eligible due to preemptionPolicy=Never."));
  }

  @Test
  void onlyAsManyLowerPriorityPodsAreEvictedAsTheRoomNeedsTheLeastImportantFirst() {
    var node = nodeInfo(node("n", "2", "8Gi", 110).build(),
        running("a10", "500m", 10, "n", "2025-06-01T10:00:00Z"), running("b20", "500m", 20, "n", "2025-06-01T10:00:00Z"),
        running("c10", "500m", 10, "n", "2025-06-01T11:00:00Z"), running("d20", "500m", 20, "n", "2025-06-01T11:00:00Z"));

    assertThat(victims(run(preemptor("1", 100), List.of(node)))).containsExactly("a10", "c10");
  }

  @Test
  void betweenEqualPrioritiesTheLongerRunningPodIsReprievedFirst() {
    var node = nodeInfo(node("n", "2", "8Gi", 110).build(),
        running("old", "1", 10, "n", "2025-06-01T08:00:00Z"), running("young", "1", 10, "n", "2025-06-01T11:00:00Z"));

    assertThat(victims(run(preemptor("1", 100), List.of(node)))).containsExactly("young");
  }

  @Test
  void podsOfEqualOrHigherPriorityAreNeverVictims() {
    var node = nodeInfo(node("n", "2", "8Gi", 110).build(),
        running("peer", "1", 100, "n", "2025-06-01T08:00:00Z"), running("low", "1", 1, "n", "2025-06-01T11:00:00Z"));

    assertThat(victims(run(preemptor("1", 100), List.of(node)))).containsExactly("low");
  }

  @Test
  void theNodeWhoseVictimsMatterLeastIsChosen() {
    var cheap = nodeInfo(node("cheap", "1", "8Gi", 110).build(), running("c", "1", 5, "cheap", "2025-06-01T08:00:00Z"));
    var dear = nodeInfo(node("dear", "1", "8Gi", 110).build(), running("d", "1", 50, "dear", "2025-06-01T08:00:00Z"));

    PostFilterResult result = run(preemptor("1", 100), List.of(dear, cheap));

    assertThat(nodeOf(result)).isEqualTo("cheap");
    assertThat(victims(result)).containsExactly("c");
  }

  @Test
  void victimsDoNotFreeRoomThatANominatedPodOfHigherPriorityHolds() {
    var node = nodeInfo(node("n", "2", "8Gi", 110).build(), running("low", "1", 1, "n", "2025-06-01T08:00:00Z"));
    PodInfo waiting = info(pod("waiting", "1500m", null).editSpec().withPriority(500).endSpec().build());
    ClusterSnapshot cluster = ClusterSnapshot.of(List.of(node)).withNominated(new NominatedPods(Map.of("n", List.of(waiting))));

    assertThat(run(preemptor("1", 100), cluster))
        .isEqualTo(new PostFilterResult.Unresolved("preemption: 0/1 nodes are available: 1 Insufficient cpu.", true));
  }

  @Test
  void aPodWhoseVictimsAreStillTerminatingWaitsInsteadOfPreemptingMore() {
    Pod terminating = new PodBuilder(running("low", "800m", 1, "n", "2025-06-01T08:00:00Z"))
        .editMetadata().withDeletionTimestamp("2025-06-01T12:00:30Z").endMetadata()
        .editStatus().addNewCondition().withType("DisruptionTarget").withStatus("True").withReason("PreemptionByScheduler").endCondition()
        .endStatus().build();
    var node = nodeInfo(node("n", "1", "8Gi", 110).build(), terminating);
    Pod nominated = new PodBuilder(preemptor("500m", 100)).editStatus().withNominatedNodeName("n").endStatus().build();

    assertThat(run(nominated, List.of(node)))
        .isEqualTo(new PostFilterResult.Unresolved("preemption: not eligible due to a terminating pod on the nominated node."));
  }

  private static Pod web(String name, String cpu, int priority, String node, String startTime) {
    return new PodBuilder(running(name, cpu, priority, node, startTime)).editMetadata().addToLabels("app", "web").endMetadata().build();
  }

  private static PostFilterResult runWithBudgets(Pod pod, List<NodeInfo> nodes, PodDisruptionBudget... budgets) {
    DefaultPreemption withBudgets = new DefaultPreemption(InstantSource.fixed(NOW), new SplittableRandom(7), () -> List.of(budgets));
    ClusterSnapshot cluster = ClusterSnapshot.of(nodes);
    Map<String, FilterResult.Reject> rejections = new LinkedHashMap<>();
    for (NodeInfo n : cluster.nodes()) {
      if (DefaultPlugins.profile().filters().prepareWithNominated(info(pod), cluster).filter(n) instanceof FilterResult.Reject r) {
        rejections.put(n.name(), r);
      }
    }
    return withBudgets.postFilter(info(pod), cluster, rejections, DefaultPlugins.profile().filters());
  }

  @Test
  void podsABudgetProtectsAreReprievedBeforeTheOthers() {
    // Without budgets the less important "web" pod would be the victim; its budget allows no disruption, so it is
    // reprieved first and the more important unprotected pod goes instead.
    var node = nodeInfo(node("n", "2", "8Gi", 110).build(),
        web("web", "1", 10, "n", "2025-06-01T10:00:00Z"), running("other", "1", 20, "n", "2025-06-01T10:00:00Z"));

    PostFilterResult result = runWithBudgets(preemptor("1", 100), List.of(node), BudgetSplitTest.budget("default", "web", 0));

    assertThat(victims(result)).containsExactly("other");
    assertThat(((PostFilterResult.VictimsFound) result).candidate().pdbViolations()).isZero();
  }

  @Test
  void aProtectedPodThatMustGoCountsAsAViolation() {
    var node = nodeInfo(node("n", "1", "8Gi", 110).build(), web("web", "1", 10, "n", "2025-06-01T10:00:00Z"));

    PostFilterResult result = runWithBudgets(preemptor("1", 100), List.of(node), BudgetSplitTest.budget("default", "web", 0));

    assertThat(victims(result)).containsExactly("web");
    assertThat(((PostFilterResult.VictimsFound) result).candidate().pdbViolations()).isEqualTo(1);
  }

  @Test
  void aBudgetThatStillAllowsTheDisruptionIsNoViolation() {
    var node = nodeInfo(node("n", "1", "8Gi", 110).build(), web("web", "1", 10, "n", "2025-06-01T10:00:00Z"));

    PostFilterResult result = runWithBudgets(preemptor("1", 100), List.of(node), BudgetSplitTest.budget("default", "web", 1));

    assertThat(((PostFilterResult.VictimsFound) result).candidate().pdbViolations()).isZero();
  }

  @Test
  void victimsAreListedMostImportantFirstWhicheverPassFoundThem() {
    var node = nodeInfo(node("n", "2", "8Gi", 110).build(),
        web("web", "1", 10, "n", "2025-06-01T10:00:00Z"), running("other", "1", 20, "n", "2025-06-01T10:00:00Z"));

    PostFilterResult result = runWithBudgets(preemptor("2", 100), List.of(node), BudgetSplitTest.budget("default", "web", 0));

    assertThat(victims(result)).containsExactly("other", "web");
    assertThat(((PostFilterResult.VictimsFound) result).candidate().pdbViolations()).isEqualTo(1);
  }

  @Test
  void theNodeWithoutBudgetViolationsIsChosenOverOneWithLessImportantVictims() {
    var guarded = nodeInfo(node("guarded", "1", "8Gi", 110).build(), web("w", "1", 5, "guarded", "2025-06-01T08:00:00Z"));
    var open = nodeInfo(node("open", "1", "8Gi", 110).build(), running("o", "1", 50, "open", "2025-06-01T08:00:00Z"));

    PostFilterResult withBudget = runWithBudgets(preemptor("1", 100), List.of(guarded, open), BudgetSplitTest.budget("default", "web", 0));
    PostFilterResult withoutBudget = runWithBudgets(preemptor("1", 100), List.of(guarded, open));

    assertThat(nodeOf(withBudget)).isEqualTo("open");
    assertThat(nodeOf(withoutBudget)).isEqualTo("guarded");
  }

  @Test
  void atLeastAHundredNodesOrATenthOfThemAreExaminedForCandidates() {
    assertThat(DefaultPreemption.candidatesToFind(50)).isEqualTo(50);
    assertThat(DefaultPreemption.candidatesToFind(500)).isEqualTo(100);
    assertThat(DefaultPreemption.candidatesToFind(5000)).isEqualTo(500);
  }

  @Test
  void aCandidateAlwaysNamesItsVictims() {
    Candidate c = new Candidate("n", List.of(info(running("v", "1", 1, "n", "2025-06-01T08:00:00Z"))), 0);
    assertThat(c.victims()).hasSize(1);
  }
}
