package io.skiff.scheduler.plugins;

import static io.skiff.scheduler.Fixtures.info;
import static io.skiff.scheduler.Fixtures.node;
import static io.skiff.scheduler.Fixtures.nodeInfo;
import static io.skiff.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.FilterResult;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodeAffinityTest {
  static final Map<String, String> LABELS = Map.of("disktype", "ssd", "zone", "a", "cores", "8");

  record Case(String name, Map<String, String> nodeSelector, List<NodeSelectorTerm> required, boolean fits) {
    @Override
    public String toString() {
      return name;
    }
  }

  static NodeSelectorRequirement req(String key, String op, String... values) {
    return new NodeSelectorRequirementBuilder().withKey(key).withOperator(op).withValues(Arrays.asList(values)).build();
  }

  static NodeSelectorTerm labels(NodeSelectorRequirement... r) {
    return new NodeSelectorTermBuilder().withMatchExpressions(r).build();
  }

  static NodeSelectorTerm fields(NodeSelectorRequirement... r) {
    return new NodeSelectorTermBuilder().withMatchFields(r).build();
  }

  static Stream<Case> filter() {
    return Stream.of(
        new Case("nothing asked", Map.of(), null, true),
        new Case("nodeSelector matches", Map.of("disktype", "ssd"), null, true),
        new Case("nodeSelector needs every label", Map.of("disktype", "ssd", "gpu", "true"), null, false),
        new Case("nodeSelector value differs", Map.of("disktype", "hdd"), null, false),
        new Case("In", Map.of(), List.of(labels(req("zone", "In", "a", "b"))), true),
        new Case("In, no match", Map.of(), List.of(labels(req("zone", "In", "b"))), false),
        new Case("NotIn holds when the label is missing", Map.of(), List.of(labels(req("gpu", "NotIn", "true"))), true),
        new Case("NotIn", Map.of(), List.of(labels(req("zone", "NotIn", "a"))), false),
        new Case("Exists", Map.of(), List.of(labels(req("disktype", "Exists"))), true),
        new Case("DoesNotExist", Map.of(), List.of(labels(req("disktype", "DoesNotExist"))), false),
        new Case("Gt compares integers", Map.of(), List.of(labels(req("cores", "Gt", "4"))), true),
        new Case("Lt compares integers", Map.of(), List.of(labels(req("cores", "Lt", "4"))), false),
        new Case("Gt on a non-integer label", Map.of(), List.of(labels(req("zone", "Gt", "1"))), false),
        new Case("expressions in a term are ANDed", Map.of(), List.of(labels(req("zone", "In", "a"), req("disktype", "In", "hdd"))), false),
        new Case("terms are ORed", Map.of(), List.of(labels(req("zone", "In", "b")), labels(req("disktype", "In", "ssd"))), true),
        new Case("an empty term matches nothing", Map.of(), List.of(new NodeSelectorTerm()), false),
        new Case("no terms match nothing", Map.of(), List.of(), false),
        new Case("matchFields on metadata.name", Map.of(), List.of(fields(req("metadata.name", "In", "n1"))), true),
        new Case("matchFields on another name", Map.of(), List.of(fields(req("metadata.name", "In", "n2"))), false),
        new Case("nodeSelector and affinity must both hold", Map.of("disktype", "ssd"), List.of(labels(req("zone", "In", "b"))), false));
  }

  @ParameterizedTest
  @MethodSource
  void filter(Case c) {
    var spec = pod("p", null, null).editSpec().withNodeSelector(c.nodeSelector());
    if (c.required() != null) {
      spec.withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
          .withNodeSelectorTerms(c.required()).endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity();
    }
    Pod pod = spec.endSpec().build();
    var node = node("n1", "1", "1Gi", 10).editMetadata().withLabels(LABELS).endMetadata().build();
    assertThat(new NodeAffinity().filter(info(pod), nodeInfo(node)))
        .isEqualTo(c.fits() ? FilterResult.PASS : FilterResult.unresolvable("node(s) didn't match Pod's node affinity/selector"));
  }
}
