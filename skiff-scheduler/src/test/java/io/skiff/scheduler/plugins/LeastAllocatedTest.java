package io.skiff.scheduler.plugins;

import static io.skiff.scheduler.Fixtures.boundTo;
import static io.skiff.scheduler.Fixtures.info;
import static io.skiff.scheduler.Fixtures.node;
import static io.skiff.scheduler.Fixtures.nodeInfo;
import static io.skiff.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LeastAllocatedTest {
  /** A node of 4 cpu and 8Gi; {@code used} pods already request 1 cpu and 2Gi each. */
  record Case(String name, String cpu, String memory, int used, long score) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> score() {
    return Stream.of(
        new Case("a small pod on an empty node", "400m", "800Mi", 0, (90 + 90) / 2),
        new Case("half the cpu, a quarter of the memory", "2", "2Gi", 0, (50 + 75) / 2),
        new Case("room taken by bound pods counts", "1", "2Gi", 2, (25 + 25) / 2),
        new Case("a full node scores zero", "4", "8Gi", 0, 0),
        new Case("over-committed counts as zero", "1", "2Gi", 4, 0),
        new Case("a pod without requests counts 100m and 200Mi", null, null, 0,
            ((4000 - 100) * 100 / 4000 + ((8L << 30) - (200L << 20)) * 100 / (8L << 30)) / 2));
  }

  @ParameterizedTest
  @MethodSource
  void score(Case c) {
    Pod[] used = new Pod[c.used()];
    for (int i = 0; i < c.used(); i++) {
      used[i] = boundTo(pod("u" + i, "1", "2Gi").build(), "n");
    }
    long score = new LeastAllocated().score(info(pod("p", c.cpu(), c.memory()).build()), nodeInfo(node("n", "4", "8Gi", 110).build(), used));
    assertThat(score).isEqualTo(c.score());
  }
}
