package io.skiff.scheduler.plugins;

import static io.skiff.scheduler.Fixtures.info;
import static io.skiff.scheduler.Fixtures.node;
import static io.skiff.scheduler.Fixtures.nodeInfo;
import static io.skiff.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.skiff.scheduler.framework.FilterResult;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TaintTolerationTest {
  record Case(String name, List<Taint> taints, List<Toleration> tolerations, FilterResult expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> filter() {
    Taint gpu = TolerationsTest.taint("gpu", "true", "NoSchedule");
    Taint evict = TolerationsTest.taint("maintenance", null, "NoExecute");
    Taint prefer = TolerationsTest.taint("spot", "yes", "PreferNoSchedule");
    return Stream.of(
        new Case("no taints", List.of(), List.of(), FilterResult.PASS),
        new Case("an untolerated NoSchedule taint", List.of(gpu), List.of(),
            FilterResult.unresolvable("node(s) had untolerated taint {gpu: true}")),
        new Case("an untolerated NoExecute taint, with an empty value", List.of(evict), List.of(),
            FilterResult.unresolvable("node(s) had untolerated taint {maintenance: }")),
        new Case("PreferNoSchedule does not filter", List.of(prefer), List.of(), FilterResult.PASS),
        new Case("a tolerated taint", List.of(gpu), List.of(TolerationsTest.tol("gpu", "Equal", "true", "NoSchedule")),
            FilterResult.PASS),
        new Case("the first untolerated taint is named", List.of(gpu, evict),
            List.of(TolerationsTest.tol("gpu", "Exists", null, null)),
            FilterResult.unresolvable("node(s) had untolerated taint {maintenance: }")));
  }

  @ParameterizedTest
  @MethodSource
  void filter(Case c) {
    var pod = pod("p", null, null).editSpec().withTolerations(c.tolerations()).endSpec().build();
    var node = node("n", "1", "1Gi", 10).editSpec().withTaints(c.taints()).endSpec().build();
    assertThat(new TaintToleration().filter(info(pod), nodeInfo(node))).isEqualTo(c.expected());
  }
}
