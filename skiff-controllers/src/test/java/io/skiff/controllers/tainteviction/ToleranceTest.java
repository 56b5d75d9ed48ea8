package io.skiff.controllers.tainteviction;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.skiff.scheduler.plugins.Tolerations;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ToleranceTest {
  static final Taint UNREACHABLE = new TaintBuilder().withKey("node.kubernetes.io/unreachable").withEffect("NoExecute").build();
  static final Taint GPU = new TaintBuilder().withKey("gpu").withValue("a100").withEffect("NoExecute").build();

  static Toleration tolerating(String key, Long seconds) {
    return new TolerationBuilder().withKey(key).withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(seconds).build();
  }

  @Test
  void anUntoleratedTaintMeansAtOnce() {
    assertThat(Tolerance.of(List.of(UNREACHABLE), List.of())).isEqualTo(new Tolerance(false, Optional.of(Duration.ZERO)));
    assertThat(Tolerance.of(List.of(UNREACHABLE, GPU), List.of(tolerating("node.kubernetes.io/unreachable", 300L))).allTolerated()).isFalse();
  }

  @Test
  void theDefaultTolerationGivesFiveMinutes() {
    assertThat(Tolerance.of(List.of(UNREACHABLE), List.of(tolerating("node.kubernetes.io/unreachable", 300L))))
        .isEqualTo(new Tolerance(true, Optional.of(Duration.ofSeconds(300))));
  }

  @Test
  void theShortestUsedTolerationWinsAndNoSecondsMeansForever() {
    List<Toleration> both = List.of(tolerating("node.kubernetes.io/unreachable", 300L), tolerating("gpu", 30L));
    assertThat(Tolerance.of(List.of(UNREACHABLE, GPU), both).stay()).contains(Duration.ofSeconds(30));
    assertThat(Tolerance.of(List.of(UNREACHABLE), List.of(tolerating("node.kubernetes.io/unreachable", null))).stay()).isEmpty();
    assertThat(Tolerance.of(List.of(UNREACHABLE), List.of(tolerating("node.kubernetes.io/unreachable", -5L))).stay())
        .as("zero or less is at once").contains(Duration.ZERO);
  }

  @Test
  void matchingFollowsKeyOperatorValueAndEffect() {
    assertThat(Tolerations.tolerates(new TolerationBuilder().withOperator("Exists").build(), GPU)).as("empty key with Exists").isTrue();
    assertThat(Tolerations.tolerates(new TolerationBuilder().withKey("gpu").withValue("a100").build(), GPU)).isTrue();
    assertThat(Tolerations.tolerates(new TolerationBuilder().withKey("gpu").withValue("h100").build(), GPU)).isFalse();
    assertThat(Tolerations.tolerates(new TolerationBuilder().withKey("gpu").withOperator("Exists").withEffect("NoSchedule").build(), GPU))
        .isFalse();
  }

  @Test
  void scheduledDeletionsFireInOrderAndCancelledOnesDoNot() throws Exception {
    List<String> fired = new CopyOnWriteArrayList<>();
    try (EvictionQueue q = new EvictionQueue(InstantSource.system(), w -> fired.add(w.key()))) {
      Instant now = Instant.now();
      q.add(new EvictionQueue.Work("ns/late", "n", now, now.plusMillis(300)));
      q.add(new EvictionQueue.Work("ns/early", "n", now, now.plusMillis(100)));
      q.add(new EvictionQueue.Work("ns/cancelled", "n", now, now.plusMillis(150)));
      assertThat(q.cancel("ns/cancelled")).isTrue();
      assertThat(q.cancel("ns/cancelled")).isFalse();
      assertThat(q.onNode("n")).hasSize(2);
      io.skiff.testing.Await.until("both fired", Duration.ofSeconds(5), () -> fired.size() == 2);
      assertThat(fired).containsExactly("ns/early", "ns/late");
      assertThat(q.find("ns/late")).isEmpty();
    }
  }
}
