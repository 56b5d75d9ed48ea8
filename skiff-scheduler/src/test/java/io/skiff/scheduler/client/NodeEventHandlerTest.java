package io.skiff.scheduler.client;

import static io.skiff.scheduler.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodeEventHandlerTest {
  record Case(String name, Node updated, boolean relevant) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final Node BASE = node("n", "4", "8Gi", 110).build();

  static Stream<Case> relevance() {
    return Stream.of(
        new Case("a heartbeat only", new NodeBuilder(BASE).editStatus().editFirstCondition().withLastHeartbeatTime("2025-01-01T00:00:10Z")
            .endCondition().endStatus().build(), false),
        new Case("Ready turns False", new NodeBuilder(BASE).editStatus().editFirstCondition().withStatus("False").endCondition()
            .endStatus().build(), true),
        new Case("a taint is removed or added", new NodeBuilder(BASE).editSpec().addNewTaint().withKey("k").withEffect("NoSchedule")
            .endTaint().endSpec().build(), true),
        new Case("cordoned", new NodeBuilder(BASE).editSpec().withUnschedulable(true).endSpec().build(), true),
        new Case("a label", new NodeBuilder(BASE).editMetadata().addToLabels("disktype", "ssd").endMetadata().build(), true),
        new Case("allocatable grows", new NodeBuilder(BASE).editStatus().addToAllocatable("cpu", new Quantity("8")).endStatus().build(), true));
  }

  @ParameterizedTest
  @MethodSource
  void relevance(Case c) {
    assertThat(NodeEventHandler.schedulingRelevantChange(BASE, c.updated())).isEqualTo(c.relevant());
  }
}
