package io.skiff.scheduler.client;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.skiff.scheduler.cache.ClusterCache;
import java.util.Objects;

/** Keeps the labels of namespaces in the cache, for the namespace selectors of pod affinity terms. */
public final class NamespaceEventHandler implements ResourceEventHandler<Namespace> {
  private final ClusterCache cache;

  public NamespaceEventHandler(ClusterCache cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  @Override
  public void onAdd(Namespace ns) {
    cache.upsertNamespace(ns.getMetadata().getName(), ns.getMetadata().getLabels());
  }

  @Override
  public void onUpdate(Namespace old, Namespace ns) {
    if (!Objects.equals(old.getMetadata().getLabels(), ns.getMetadata().getLabels())) {
      cache.upsertNamespace(ns.getMetadata().getName(), ns.getMetadata().getLabels());
    }
  }

  @Override
  public void onDelete(Namespace ns, boolean finalStateUnknown) {
    cache.removeNamespace(ns.getMetadata().getName());
  }
}
