package io.skiff.apiserver.resource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.util.List;
import java.util.Optional;

/** The catalogue of every resource skiff serves. */
public final class ResourceTypes {

  public static final ResourceType NAMESPACES = new ResourceType("", "v1", "namespaces", "namespace", "Namespace", false,
      List.of("ns"), List.of(), List.of("status", "finalize"), Namespace.class);
  public static final ResourceType PODS = new ResourceType("", "v1", "pods", "pod", "Pod", true,
      List.of("po"), List.of("all"), List.of("status", "binding", "log", "exec", "attach", "portforward", "eviction"), Pod.class);
  public static final ResourceType NODES = new ResourceType("", "v1", "nodes", "node", "Node", false,
      List.of("no"), List.of(), List.of("status", "proxy"), Node.class);
  public static final ResourceType EVENTS = new ResourceType("", "v1", "events", "event", "Event", true,
      List.of("ev"), List.of(), List.of(), Event.class);
  public static final ResourceType CONFIGMAPS = new ResourceType("", "v1", "configmaps", "configmap", "ConfigMap", true,
      List.of("cm"), List.of(), List.of(), ConfigMap.class);
  public static final ResourceType SECRETS = new ResourceType("", "v1", "secrets", "secret", "Secret", true,
      List.of(), List.of(), List.of(), Secret.class);
  public static final ResourceType SERVICEACCOUNTS = new ResourceType("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true,
      List.of("sa"), List.of(), List.of(), ServiceAccount.class);
  public static final ResourceType LEASES = new ResourceType("coordination.k8s.io", "v1", "leases", "lease", "Lease", true,
      List.of(), List.of(), List.of(), Lease.class);
  public static final ResourceType EVENTS_V1 = new ResourceType("events.k8s.io", "v1", "events", "event", "Event", true,
      List.of("ev"), List.of(), List.of(), io.fabric8.kubernetes.api.model.events.v1.Event.class);
  public static final ResourceType PRIORITY_CLASSES = new ResourceType("scheduling.k8s.io", "v1", "priorityclasses", "priorityclass",
      "PriorityClass", false, List.of("pc"), List.of(), List.of(), PriorityClass.class);
  public static final ResourceType POD_DISRUPTION_BUDGETS = new ResourceType("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget",
      "PodDisruptionBudget", true, List.of("pdb"), List.of(), List.of("status"), PodDisruptionBudget.class);

  /** Every served type, core first. */
  public static final List<ResourceType> ALL =
      List.of(NAMESPACES, PODS, NODES, EVENTS, CONFIGMAPS, SECRETS, SERVICEACCOUNTS, LEASES, EVENTS_V1, PRIORITY_CLASSES,
          POD_DISRUPTION_BUDGETS);

  private ResourceTypes() {}

  /** The type served at {@code group/version/plural}, if any. */
  public static Optional<ResourceType> find(String group, String version, String plural) {
    return ALL.stream()
        .filter(t -> t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural))
        .findFirst();
  }

  /** The API groups other than core, in serving order. */
  public static List<String> groups() {
    return ALL.stream().map(ResourceType::group).filter(g -> !g.isEmpty()).distinct().toList();
  }
}
