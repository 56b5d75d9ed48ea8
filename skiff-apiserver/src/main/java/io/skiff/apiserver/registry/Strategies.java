package io.skiff.apiserver.registry;

import io.skiff.apiserver.resource.ResourceStrategy;
import io.skiff.apiserver.resource.ResourceType;
import io.skiff.apiserver.resource.ResourceTypes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.skiff.common.SkiffException;
import java.util.Map;
import java.util.Set;

/**
 * The registry of resource strategies: one stateless strategy per type of {@link ResourceTypes#ALL}; the pod and
 * PriorityClass strategies also exist bound to the server's PriorityClasses ({@link #forType(ResourceType, PriorityClasses)}).
 */
public final class Strategies {

  private static final Map<ResourceType, ResourceStrategy<?>> BY_TYPE = Map.ofEntries(
      Map.entry(ResourceTypes.NAMESPACES, new NamespaceStrategy()),
      Map.entry(ResourceTypes.PODS, new PodStrategy()),
      Map.entry(ResourceTypes.NODES, new NodeStrategy()),
      Map.entry(ResourceTypes.EVENTS, new EventStrategy()),
      Map.entry(ResourceTypes.CONFIGMAPS, new ConfigMapStrategy()),
      Map.entry(ResourceTypes.SECRETS, new SecretStrategy()),
      Map.entry(ResourceTypes.SERVICEACCOUNTS, new ServiceAccountStrategy()),
      Map.entry(ResourceTypes.LEASES, new LeaseStrategy()),
      Map.entry(ResourceTypes.EVENTS_V1, new EventsV1Strategy()),
      Map.entry(ResourceTypes.PRIORITY_CLASSES, new PriorityClassStrategy(PriorityClasses.BUILT_IN)),
      Map.entry(ResourceTypes.POD_DISRUPTION_BUDGETS, new PodDisruptionBudgetStrategy()));

  private Strategies() {}

  /**
   * The strategy of a served type; its type parameter is the type's {@link ResourceType#modelClass()}.
   *
   * @throws SkiffException.Internal for a type that has no strategy (a catalogue entry added without one)
   */
  public static ResourceStrategy<?> forType(ResourceType type) {
    ResourceStrategy<?> strategy = BY_TYPE.get(type);
    if (strategy == null) {
      throw new SkiffException.Internal("no resource strategy for " + type.groupResource(), null);
    }
    return strategy;
  }

  /**
   * The strategy of a served type in a running API server: pods take their priority from {@code classes}, and a new
   * global default PriorityClass is checked against them; the other types are as {@link #forType(ResourceType)}.
   */
  public static ResourceStrategy<?> forType(ResourceType type, PriorityClasses classes) {
    if (type.equals(ResourceTypes.PODS)) {
      return new PodStrategy(classes);
    }
    if (type.equals(ResourceTypes.PRIORITY_CLASSES)) {
      return new PriorityClassStrategy(classes);
    }
    return forType(type);
  }

  /**
   * The field labels a type supports in field selectors (the keys of its selectable fields), for refusing others
   * with {@link io.skiff.apiserver.selection.FieldSelector#requireSupported}.
   */
  public static Set<String> fieldLabels(ResourceType type) {
    @SuppressWarnings("unchecked")
    ResourceStrategy<HasMetadata> strategy = (ResourceStrategy<HasMetadata>) forType(type);
    try {
      HasMetadata empty = type.modelClass().getDeclaredConstructor().newInstance();
      empty.setMetadata(new ObjectMeta());
      return Set.copyOf(strategy.selectableFields(empty).keySet());
    } catch (ReflectiveOperationException e) {
      throw new SkiffException.Internal("cannot instantiate " + type.modelClass().getName(), e);
    }
  }
}
