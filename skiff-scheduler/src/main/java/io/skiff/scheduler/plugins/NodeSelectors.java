package io.skiff.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import java.util.List;
import java.util.Map;

/**
 * Matching of {@code spec.nodeSelector} and of node selector terms against a node, with Kubernetes' rules: terms are
 * ORed; within a term every label expression and every field expression must hold; a term without expressions
 * matches nothing; the only field is {@code metadata.name}.
 */
public final class NodeSelectors {
  private NodeSelectors() {}

  /** True when every {@code key: value} of {@code selector} is a label of the node. */
  public static boolean matchesLabels(Map<String, String> selector, Map<String, String> labels) {
    if (selector == null || selector.isEmpty()) {
      return true;
    }
    Map<String, String> have = labels == null ? Map.of() : labels;
    return selector.entrySet().stream().allMatch(e -> e.getValue().equals(have.get(e.getKey())));
  }

  /** True when any term of {@code selector} matches the node; a selector without terms matches nothing. */
  public static boolean matches(NodeSelector selector, Node node) {
    List<NodeSelectorTerm> terms = selector.getNodeSelectorTerms();
    if (terms == null) {
      return false;
    }
    return terms.stream().anyMatch(t -> matches(t, node));
  }

  /** True when every expression of the term holds; a term without expressions matches nothing. */
  public static boolean matches(NodeSelectorTerm term, Node node) {
    List<NodeSelectorRequirement> labels = term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions();
    List<NodeSelectorRequirement> fields = term.getMatchFields() == null ? List.of() : term.getMatchFields();
    if (labels.isEmpty() && fields.isEmpty()) {
      return false;
    }
    Map<String, String> nodeLabels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    for (NodeSelectorRequirement r : labels) {
      if (!holds(r, nodeLabels)) {
        return false;
      }
    }
    Map<String, String> nodeFields = Map.of("metadata.name", node.getMetadata().getName());
    for (NodeSelectorRequirement r : fields) {
      if (!nodeFields.containsKey(r.getKey()) || !(isOneOf(r.getOperator(), "In", "NotIn")) || !holds(r, nodeFields)) {
        return false;
      }
    }
    return true;
  }

  /** One requirement against a set of labels: In, NotIn, Exists, DoesNotExist, Gt, Lt (integers). */
  static boolean holds(NodeSelectorRequirement r, Map<String, String> labels) {
    String value = labels.get(r.getKey());
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    return switch (r.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      case "Gt", "Lt" -> value != null && values.size() == 1 && compares(r.getOperator(), value, values.get(0));
      case null, default -> false;
    };
  }

  private static boolean compares(String operator, String label, String bound) {
    try {
      long have = Long.parseLong(label);
      long limit = Long.parseLong(bound);
      return operator.equals("Gt") ? have > limit : have < limit;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isOneOf(String s, String... options) {
    return s != null && List.of(options).contains(s);
  }
}
