package io.skiff.controllers.disruption;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code metav1.LabelSelector} as Kubernetes' generated {@code String()} prints it in the UnmanagedPods event:
 * {@code &LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}}.
 */
final class SelectorText {
  private SelectorText() {}

  static String of(LabelSelector selector) {
    if (selector == null) {
      return "nil";
    }
    StringBuilder b = new StringBuilder("&LabelSelector{MatchLabels:map[string]string{");
    Map<String, String> labels = selector.getMatchLabels() == null ? Map.of() : new TreeMap<>(selector.getMatchLabels());
    labels.forEach((k, v) -> b.append(k).append(": ").append(v).append(','));
    b.append("},MatchExpressions:[]LabelSelectorRequirement{");
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    for (LabelSelectorRequirement r : expressions) {
      List<String> values = r.getValues() == null ? List.of() : r.getValues();
      b.append("LabelSelectorRequirement{Key:").append(r.getKey()).append(",Operator:").append(r.getOperator())
          .append(",Values:[").append(String.join(" ", values)).append("],},");
    }
    return b.append("},}").toString();
  }
}
