package io.skiff.apiserver.patch;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of merging lists in the types skiff serves, transcribed from the {@code patchStrategy:"merge"} tags of
 * Kubernetes' {@code core/v1} and {@code meta/v1} types. Strategic merge patch, server-side apply and the OpenAPI
 * documents ({@code x-kubernetes-patch-merge-key}, {@code x-kubernetes-patch-strategy}) all read it. Every list not
 * named here is atomic: a patch replaces it whole (for instance {@code tolerations}, {@code args}, {@code command}).
 */
public final class PatchStrategies {

  private static final Map<String, ListStrategy> CONTAINER = Map.of(
      "ports", ListStrategy.byKey("containerPort", "protocol"),
      "env", ListStrategy.byKey("name"),
      "volumeMounts", ListStrategy.byKey("mountPath"),
      "volumeDevices", ListStrategy.byKey("devicePath"));

  private static final Map<Class<?>, Map<String, ListStrategy>> TABLE = Map.of(
      PodSpec.class, Map.of(
          "containers", ListStrategy.byKey("name"),
          "initContainers", ListStrategy.byKey("name"),
          "ephemeralContainers", ListStrategy.byKey("name"),
          "volumes", ListStrategy.byKeyRetainingKeys("name"),
          "imagePullSecrets", ListStrategy.byKey("name"),
          "hostAliases", ListStrategy.byKey("ip"),
          "topologySpreadConstraints", ListStrategy.byKey("topologyKey", "whenUnsatisfiable"),
          "resourceClaims", ListStrategy.byKeyRetainingKeys("name"),
          "schedulingGates", ListStrategy.byKey("name")),
      Container.class, CONTAINER,
      EphemeralContainer.class, CONTAINER,
      PodStatus.class, Map.of(
          "conditions", ListStrategy.byKey("type"),
          "podIPs", ListStrategy.byKey("ip"),
          "hostIPs", ListStrategy.byKey("ip"),
          "resourceClaimStatuses", ListStrategy.byKeyRetainingKeys("name")),
      NodeStatus.class, Map.of(
          "conditions", ListStrategy.byKey("type"),
          "addresses", ListStrategy.byKey("type")),
      NodeSpec.class, Map.of("podCIDRs", ListStrategy.set()),
      NamespaceStatus.class, Map.of("conditions", ListStrategy.byKey("type")),
      ServiceAccount.class, Map.of("secrets", ListStrategy.byKey("name")),
      ObjectMeta.class, Map.of(
          "finalizers", ListStrategy.set(),
          "ownerReferences", ListStrategy.byKey("uid")));

  private PatchStrategies() {}

  /** The merge strategy of list field {@code field} of struct {@code owner}, or empty when the list is atomic. */
  public static Optional<ListStrategy> find(Class<?> owner, String field) {
    Map<String, ListStrategy> fields = TABLE.get(owner);
    return fields == null ? Optional.empty() : Optional.ofNullable(fields.get(field));
  }
}
