package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import java.util.List;
import java.util.Optional;

/**
 * The priority classes every Kubernetes cluster has, with Kubernetes' values and descriptions, and the rules that
 * reserve the {@code system-} prefix for them. The API server creates them as objects when it starts.
 */
public final class SystemPriorityClasses {
  /** Names with this prefix are reserved for the system classes. */
  public static final String PREFIX = "system-";
  /** The highest value a user-defined class may have. */
  public static final int HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
  /** The value of {@code system-cluster-critical}; {@code system-node-critical} is 1000 more. */
  public static final int SYSTEM_CRITICAL_PRIORITY = 2 * HIGHEST_USER_DEFINABLE_PRIORITY;
  public static final String NODE_CRITICAL = "system-node-critical";
  public static final String CLUSTER_CRITICAL = "system-cluster-critical";
  static final String PREEMPT_LOWER_PRIORITY = "PreemptLowerPriority";

  private SystemPriorityClasses() {}

  /** Fresh copies of the two system classes, as they are stored (preemptionPolicy defaulted). */
  public static List<PriorityClass> objects() {
    return List.of(
        build(NODE_CRITICAL, SYSTEM_CRITICAL_PRIORITY + 1000, "Used for system critical pods that must not be moved from their current node."),
        build(CLUSTER_CRITICAL, SYSTEM_CRITICAL_PRIORITY,
            "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."));
  }

  private static PriorityClass build(String name, int value, String description) {
    return new PriorityClassBuilder().withNewMetadata().withName(name).endMetadata().withValue(value).withGlobalDefault(false)
        .withDescription(description).withPreemptionPolicy(PREEMPT_LOWER_PRIORITY).build();
  }

  /** True for the name of a system class. */
  public static boolean isSystemName(String name) {
    return NODE_CRITICAL.equals(name) || CLUSTER_CRITICAL.equals(name);
  }

  /**
   * Why a class named with the system prefix is not one of the system classes, in Kubernetes' words; empty when it
   * is one (same name, value and globalDefault; the description and metadata do not matter).
   */
  static Optional<String> unknownSystemClass(String name, int value, boolean globalDefault) {
    for (PriorityClass known : objects()) {
      if (known.getMetadata().getName().equals(name)) {
        if (known.getValue() != value) {
          return Optional.of("value of " + name + " PriorityClass must be " + known.getValue());
        }
        if (known.getGlobalDefault() != globalDefault) {
          return Optional.of("globalDefault of " + name + " PriorityClass must be " + known.getGlobalDefault());
        }
        return Optional.empty();
      }
    }
    return Optional.of(name + " is not a known system priority class");
  }
}
