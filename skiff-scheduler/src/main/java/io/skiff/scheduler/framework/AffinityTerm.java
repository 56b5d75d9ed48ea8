package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A pod (anti-)affinity term of one pod, resolved as Kubernetes' scheduler resolves it: the namespaces it names (the
 * owning pod's own namespace when it names none and has no namespace selector), its namespace selector ({@code null}:
 * none), its label selector ({@code null} matches no pod) and its topology key.
 */
public record AffinityTerm(Set<String> namespaces, LabelSelector namespaceSelector, LabelSelector selector, String topologyKey) {
  public AffinityTerm {
    namespaces = Set.copyOf(namespaces);
    Objects.requireNonNull(topologyKey, "topologyKey");
  }

  /** The term of {@code owner}'s spec. */
  public static AffinityTerm of(Pod owner, PodAffinityTerm term) {
    Set<String> namespaces = term.getNamespaces() == null ? Set.of() : Set.copyOf(term.getNamespaces());
    if (namespaces.isEmpty() && term.getNamespaceSelector() == null) {
      namespaces = Set.of(owner.getMetadata().getNamespace());
    }
    return new AffinityTerm(namespaces, term.getNamespaceSelector(), term.getLabelSelector(),
        term.getTopologyKey() == null ? "" : term.getTopologyKey());
  }

  /**
   * True when {@code pod} is in one of the term's namespaces (listed, or selected by the namespace selector against
   * {@code namespaceLabels}, the labels of the pod's namespace) and its labels match the selector.
   */
  public boolean matches(Pod pod, Map<String, String> namespaceLabels) {
    boolean inNamespace = namespaces.contains(pod.getMetadata().getNamespace())
        || (namespaceSelector != null && LabelSelectors.matches(namespaceSelector, namespaceLabels));
    return inNamespace && LabelSelectors.matches(selector, pod.getMetadata().getLabels());
  }
}
