package io.skiff.scheduler.plugins;

import static io.skiff.scheduler.Fixtures.boundTo;
import static io.skiff.scheduler.Fixtures.info;
import static io.skiff.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.scheduler.framework.Candidate;
import io.skiff.scheduler.framework.PodInfo;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kubernetes' order of criteria for the node to preempt on, each one breaking the ties of the one before. */
class CandidateRankingTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private static PodInfo victim(int priority, String startTime) {
    PodBuilder b = new PodBuilder(boundTo(pod("v" + priority, "1", null).editSpec().withPriority(priority).endSpec().build(), "n"));
    if (startTime != null) {
      b.editStatus().withStartTime(startTime).endStatus();
    }
    return info(b.build());
  }

  private static Candidate on(String node, PodInfo... victims) {
    return new Candidate(node, Arrays.asList(victims), 0);
  }

  private static String pick(Candidate... candidates) {
    return CandidateRanking.pick(List.of(candidates), NOW).nodeName();
  }

  @Test
  void fewerBudgetViolationsComeFirst() {
    Candidate violating = new Candidate("a", List.of(victim(1, null)), 1);
    Candidate clean = new Candidate("b", List.of(victim(50, null)), 0);
    assertThat(CandidateRanking.pick(List.of(violating, clean), NOW).nodeName()).isEqualTo("b");
  }

  @Test
  void theLowestMostImportantVictimWins() {
    assertThat(pick(on("a", victim(30, null)), on("b", victim(20, null), victim(10, null), victim(10, null)))).isEqualTo("b");
  }

  @Test
  void thenTheSmallestSumOfPriorities() {
    assertThat(pick(on("a", victim(20, null), victim(10, null)), on("b", victim(20, null), victim(5, null)))).isEqualTo("b");
  }

  @Test
  void negativePrioritiesDoNotMakeMoreVictimsCheaper() {
    assertThat(pick(on("a", victim(-10, null), victim(-10, null)), on("b", victim(-10, null)))).isEqualTo("b");
  }

  @Test
  void thenTheFewestVictims() {
    Candidate two = on("a", victim(10, null), victim(0, null));
    Candidate one = on("b", victim(10, null));
    assertThat(CandidateRanking.shiftedPrioritySum(two)).isGreaterThan(CandidateRanking.shiftedPrioritySum(one));
    assertThat(pick(two, one)).isEqualTo("b");
  }

  @Test
  void thenTheNodeWhoseMostImportantVictimsStartedLatest() {
    Candidate longRunning = on("a", victim(10, "2025-06-01T08:00:00Z"));
    Candidate recent = on("b", victim(10, "2025-06-01T11:00:00Z"));
    assertThat(pick(longRunning, recent)).isEqualTo("b");
  }

  @Test
  void aVictimNotStartedYetCountsAsStartingNow() {
    Candidate started = on("a", victim(10, "2025-06-01T11:59:00Z"));
    Candidate notStarted = on("b", victim(10, null));
    assertThat(pick(started, notStarted)).isEqualTo("b");
  }

  @Test
  void fullTiesGoToTheFirstCandidate() {
    assertThat(pick(on("a", victim(10, null)), on("b", victim(10, null)))).isEqualTo("a");
  }
}
