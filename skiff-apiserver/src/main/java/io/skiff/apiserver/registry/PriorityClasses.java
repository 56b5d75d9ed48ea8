package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Read access to the cluster's PriorityClasses, for the Priority admission rules (the apiserver's priority plugin reads
 * them through an informer's lister). Implementations are thread-safe; the objects they return must not be modified.
 */
public interface PriorityClasses {

  /** Only the two built-in system classes, for strategies used without a running API server (tests, field labels). */
  PriorityClasses BUILT_IN = new PriorityClasses() {
    @Override
    public Optional<PriorityClass> find(String name) {
      return SystemPriorityClasses.objects().stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst();
    }

    @Override
    public List<PriorityClass> list() {
      return SystemPriorityClasses.objects();
    }
  };

  /** The class named {@code name}, if it exists. */
  Optional<PriorityClass> find(String name);

  /** Every class. */
  List<PriorityClass> list();

  /**
   * The global default class: the one with {@code globalDefault: true}, and should a race have made several, the one
   * with the lowest value, as Kubernetes picks it.
   */
  default Optional<PriorityClass> globalDefault() {
    return list().stream().filter(c -> Boolean.TRUE.equals(c.getGlobalDefault()))
        .min(Comparator.comparingInt(c -> c.getValue() == null ? 0 : c.getValue()));
  }
}
