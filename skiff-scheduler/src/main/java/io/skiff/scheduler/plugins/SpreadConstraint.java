package io.skiff.scheduler.plugins;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.skiff.scheduler.framework.LabelSelectors;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.PodInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One topology spread constraint of a pod, with Kubernetes' defaults filled in: {@code minDomains} 1, {@code
 * nodeAffinityPolicy} Honor, {@code nodeTaintsPolicy} Ignore, and the values of {@code matchLabelKeys} taken from the
 * pod's own labels and added to the selector.
 *
 * @param selector the merged selector; {@code null} matches no pod
 */
record SpreadConstraint(int maxSkew, String topologyKey, LabelSelector selector, int minDomains, boolean honorNodeAffinity,
                        boolean honorNodeTaints) {
  static final String DO_NOT_SCHEDULE = "DoNotSchedule";
  static final String SCHEDULE_ANYWAY = "ScheduleAnyway";
  static final String HONOR = "Honor";

  SpreadConstraint {
    Objects.requireNonNull(topologyKey, "topologyKey");
  }

  /** The pod's constraints with {@code whenUnsatisfiable} equal to {@code action}. */
  static List<SpreadConstraint> of(Pod pod, String action) {
    List<TopologySpreadConstraint> declared = pod.getSpec().getTopologySpreadConstraints();
    if (declared == null || declared.isEmpty()) {
      return List.of();
    }
    Map<String, String> podLabels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    List<SpreadConstraint> out = new ArrayList<>();
    for (TopologySpreadConstraint c : declared) {
      if (!action.equals(c.getWhenUnsatisfiable())) {
        continue;
      }
      out.add(new SpreadConstraint(c.getMaxSkew() == null ? 1 : c.getMaxSkew(), c.getTopologyKey() == null ? "" : c.getTopologyKey(),
          merged(c.getLabelSelector(), c.getMatchLabelKeys(), podLabels), c.getMinDomains() == null ? 1 : c.getMinDomains(),
          c.getNodeAffinityPolicy() == null || HONOR.equals(c.getNodeAffinityPolicy()), HONOR.equals(c.getNodeTaintsPolicy())));
    }
    return out;
  }

  private static LabelSelector merged(LabelSelector selector, List<String> matchLabelKeys, Map<String, String> podLabels) {
    if (matchLabelKeys == null || matchLabelKeys.isEmpty()) {
      return selector;
    }
    Map<String, String> extra = new LinkedHashMap<>();
    for (String key : matchLabelKeys) {
      if (podLabels.containsKey(key)) {
        extra.put(key, podLabels.get(key));
      }
    }
    if (extra.isEmpty()) {
      return selector;
    }
    LabelSelectorBuilder b = selector == null ? new LabelSelectorBuilder() : new LabelSelectorBuilder(selector);
    return b.addToMatchLabels(extra).build();
  }

  /** True when every constraint's topology key is a label of the node. */
  static boolean nodeHasAllKeys(NodeInfo node, List<SpreadConstraint> constraints) {
    Map<String, String> labels = node.labels();
    for (SpreadConstraint c : constraints) {
      if (!labels.containsKey(c.topologyKey())) {
        return false;
      }
    }
    return true;
  }

  /** Whether the node's pods count for this constraint under its node inclusion policies. */
  boolean includes(PodInfo pod, NodeInfo node) {
    if (honorNodeAffinity && !NodeAffinity.matchesRequired(pod.pod(), node.node())) {
      return false;
    }
    if (honorNodeTaints && node.node().getSpec() != null
        && Tolerations.firstUntolerated(node.node().getSpec().getTaints(), pod.pod().getSpec().getTolerations()).isPresent()) {
      return false;
    }
    return true;
  }

  /** The pods of the node in {@code namespace} that match the selector; terminating pods do not count. */
  int countMatching(NodeInfo node, String namespace) {
    int count = 0;
    for (PodInfo p : node.pods()) {
      if (!p.terminating() && namespace.equals(p.namespace()) && LabelSelectors.matches(selector, p.labels())) {
        count++;
      }
    }
    return count;
  }

  boolean selects(PodInfo pod) {
    return LabelSelectors.matches(selector, pod.labels());
  }
}
