package io.skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.util.List;

/**
 * A pod's inter-pod affinity, resolved once: required and preferred affinity and anti-affinity terms.
 */
public record PodAffinities(List<AffinityTerm> requiredAffinity, List<AffinityTerm> requiredAntiAffinity,
                            List<WeightedAffinityTerm> preferredAffinity, List<WeightedAffinityTerm> preferredAntiAffinity) {
  public static final PodAffinities NONE = new PodAffinities(List.of(), List.of(), List.of(), List.of());

  public PodAffinities {
    requiredAffinity = List.copyOf(requiredAffinity);
    requiredAntiAffinity = List.copyOf(requiredAntiAffinity);
    preferredAffinity = List.copyOf(preferredAffinity);
    preferredAntiAffinity = List.copyOf(preferredAntiAffinity);
  }

  public static PodAffinities of(Pod pod) {
    Affinity a = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
    if (a == null || (a.getPodAffinity() == null && a.getPodAntiAffinity() == null)) {
      return NONE;
    }
    List<AffinityTerm> required = List.of();
    List<WeightedAffinityTerm> preferred = List.of();
    if (a.getPodAffinity() != null) {
      required = terms(pod, a.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution());
      preferred = weighted(pod, a.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution());
    }
    List<AffinityTerm> requiredAnti = List.of();
    List<WeightedAffinityTerm> preferredAnti = List.of();
    if (a.getPodAntiAffinity() != null) {
      requiredAnti = terms(pod, a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution());
      preferredAnti = weighted(pod, a.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution());
    }
    return new PodAffinities(required, requiredAnti, preferred, preferredAnti);
  }

  /** True when the pod has any affinity or anti-affinity term (Kubernetes' {@code PodsWithAffinity}). */
  public boolean any() {
    return !requiredAffinity.isEmpty() || !requiredAntiAffinity.isEmpty() || !preferredAffinity.isEmpty() || !preferredAntiAffinity.isEmpty();
  }

  private static List<AffinityTerm> terms(Pod pod, List<PodAffinityTerm> terms) {
    return terms == null ? List.of() : terms.stream().map(t -> AffinityTerm.of(pod, t)).toList();
  }

  private static List<WeightedAffinityTerm> weighted(Pod pod, List<WeightedPodAffinityTerm> terms) {
    if (terms == null) {
      return List.of();
    }
    return terms.stream().filter(t -> t.getPodAffinityTerm() != null)
        .map(t -> new WeightedAffinityTerm(AffinityTerm.of(pod, t.getPodAffinityTerm()), t.getWeight() == null ? 0 : t.getWeight())).toList();
  }
}
