package io.skiff.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FitErrorTest {

  record Case(String name, FitError error, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Map<String, FilterResult.Reject> rejections(Object... nodeAndReject) {
    Map<String, FilterResult.Reject> m = new LinkedHashMap<>();
    for (int i = 0; i < nodeAndReject.length; i += 2) {
      m.put((String) nodeAndReject[i], (FilterResult.Reject) nodeAndReject[i + 1]);
    }
    return m;
  }

  static final String TAINT = "node(s) had untolerated taint {node.kubernetes.io/not-ready: }";

  static Stream<Case> messages() {
    Map<String, FilterResult.Reject> twelve = new LinkedHashMap<>();
    IntStream.range(0, 10).forEach(i -> twelve.put("a" + i, FilterResult.unschedulable("Insufficient cpu")));
    twelve.put("b0", FilterResult.unresolvable("node(s) were unschedulable"));
    twelve.put("b1", FilterResult.unresolvable("node(s) were unschedulable"));
    return Stream.of(
        new Case("one node short of memory", FitError.of(1, rejections("n1", FilterResult.unschedulable("Insufficient memory"))),
            "0/1 nodes are available: 1 Insufficient memory."),
        new Case("reasons counted over nodes and sorted",
            FitError.of(3, rejections(
                "n1", FilterResult.unschedulable("Insufficient cpu"),
                "n2", FilterResult.unresolvable(TAINT),
                "n3", FilterResult.unschedulable("Insufficient cpu"))),
            "0/3 nodes are available: 1 " + TAINT + ", 2 Insufficient cpu."),
        new Case("every reason of a node counts",
            FitError.of(2, rejections(
                "n1", FilterResult.unschedulable("Insufficient cpu", "Insufficient memory"),
                "n2", FilterResult.unschedulable("Insufficient memory"))),
            "0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory."),
        new Case("counts sort as strings, as Go's sort.Strings does", FitError.of(12, twelve),
            "0/12 nodes are available: 10 Insufficient cpu, 2 node(s) were unschedulable."),
        new Case("post-filter text follows",
            FitError.of(1, rejections("n1", FilterResult.unschedulable("Insufficient memory")))
                .withPostFilterMessage("preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."),
            "0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found"
                + " for incoming pod."),
        new Case("absent nodes count under their reason",
            new FitError(3, rejections("n1", FilterResult.unresolvable("No preemption victims found for incoming pod")),
                "Preemption is not helpful for scheduling", ""),
            "0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling."),
        new Case("no nodes at all", FitError.of(0, Map.of()), "no nodes available to schedule pods"));
  }

  @ParameterizedTest
  @MethodSource
  void messages(Case c) {
    assertThat(c.error().message()).isEqualTo(c.message());
  }

  @Test
  void withoutRejectionsTheHistogramIsLeftOut() {
    assertThat(new FitError(2, Map.of(), "", "x").message()).isEqualTo("0/2 nodes are available: x");
  }
}
