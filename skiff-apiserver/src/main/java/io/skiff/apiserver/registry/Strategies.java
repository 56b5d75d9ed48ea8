package io.skiff.apiserver.registry;

import io.skiff.apiserver.resource.ResourceStrategy;
import io.skiff.apiserver.resource.ResourceType;
import io.skiff.apiserver.resource.ResourceTypes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.skiff.common.SkiffException;
import java.util.Map;
import java.util.Set;

/** The registry of resource strategies: one stateless strategy per type of {@link ResourceTypes#ALL}. */
public final class Strategies {

  private static final Map<ResourceType, ResourceStrategy<?>> BY_TYPE = Map.of(
      ResourceTypes.NAMESPACES, new NamespaceStrategy(),
      ResourceTypes.PODS, new PodStrategy(),
      ResourceTypes.NODES, new NodeStrategy(),
      ResourceTypes.EVENTS, new EventStrategy(),
      ResourceTypes.CONFIGMAPS, new ConfigMapStrategy(),
      ResourceTypes.SECRETS, new SecretStrategy(),
      ResourceTypes.SERVICEACCOUNTS, new ServiceAccountStrategy(),
      ResourceTypes.LEASES, new LeaseStrategy(),
      ResourceTypes.EVENTS_V1, new EventsV1Strategy());

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
