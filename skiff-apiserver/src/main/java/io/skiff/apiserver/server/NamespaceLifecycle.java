package io.skiff.apiserver.server;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.skiff.apiserver.resource.ResourceType;
import io.skiff.apiserver.resource.ResourceTypes;
import io.skiff.apiserver.rest.GenericRegistry;
import io.skiff.apiserver.rest.WriteOptions;
import io.skiff.apiserver.storage.ResourceStore;
import io.skiff.common.SkiffException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Namespaces' lifecycle, as the apiserver's NamespaceLifecycle admission and the namespace controller: the
 * built-in namespaces exist from the start and cannot be deleted; nothing new is created in a namespace that is
 * missing or terminating; deleting a namespace marks it Terminating, deletes everything in it (pods gracefully,
 * waiting for their node agents), and then removes it.
 */
final class NamespaceLifecycle implements GenericRegistry.NamespaceGate {
  private static final Logger LOG = LoggerFactory.getLogger(NamespaceLifecycle.class);
  static final List<String> BUILT_IN = List.of("default", "kube-system", "kube-public", "kube-node-lease");
  private static final Set<String> UNDELETABLE = Set.of("default", "kube-system", "kube-public");

  private final Map<ResourceType, GenericRegistry> registries;
  private final InstantSource clock;
  private final Set<String> finalizing = ConcurrentHashMap.newKeySet();

  NamespaceLifecycle(Map<ResourceType, GenericRegistry> registries, InstantSource clock) {
    this.registries = registries;
    this.clock = clock;
  }

  private GenericRegistry namespaces() {
    return registries.get(ResourceTypes.NAMESPACES);
  }

  /** Creates the built-in namespaces that are missing, and resumes the clean-up of terminating ones. */
  void start() {
    for (String name : BUILT_IN) {
      if (namespaces().store().find(null, name).isEmpty()) {
        try {
          namespaces().create(null, new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build(), WriteOptions.defaults());
        } catch (SkiffException.AlreadyExists e) {
          // another server made it first
        }
      }
    }
    for (HasMetadata ns : namespaces().snapshot(null)) {
      if (ns.getMetadata().getDeletionTimestamp() != null) {
        finalizeLater(ns.getMetadata().getName());
      }
    }
  }

  @Override
  public void checkCreate(String namespace) {
    // As Kubernetes' NamespaceLifecycle admission: the cached namespace first (no store round trip, which matters on
    // etcd), a live read only when the cache has not seen it yet (a namespace created a moment ago).
    ResourceStore store = namespaces().store();
    Namespace ns = (Namespace) store.cache().find(store.type().key(null, namespace))
        .or(() -> store.find(null, namespace))
        .orElseThrow(() -> new SkiffException.NotFound(new SkiffException.Subject("namespaces", namespace)));
    if (ns.getMetadata().getDeletionTimestamp() != null) {
      throw new SkiffException.Forbidden("unable to create new content in namespace " + namespace + " because it is being terminated");
    }
  }

  /** Deletes a namespace: marks it Terminating and cleans it up in the background. */
  HasMetadata delete(String name, boolean dryRun) {
    if (UNDELETABLE.contains(name)) {
      namespaces().store().get(null, name);
      throw new SkiffException.Forbidden("namespaces \"" + name + "\" is forbidden: this namespace may not be deleted");
    }
    if (dryRun) {
      return namespaces().store().get(null, name);
    }
    HasMetadata terminating = namespaces().store().guaranteedUpdate(null, name, null, o -> {
      Namespace ns = (Namespace) o;
      if (ns.getMetadata().getDeletionTimestamp() == null) {
        ns.getMetadata().setDeletionTimestamp(GenericRegistry.timestamp(clock.instant()));
        ns.getMetadata().setDeletionGracePeriodSeconds(0L);
      }
      if (ns.getStatus() == null) {
        ns.setStatus(new io.fabric8.kubernetes.api.model.NamespaceStatus());
      }
      ns.getStatus().setPhase("Terminating");
      return ns;
    });
    finalizeLater(name);
    return terminating;
  }

  private void finalizeLater(String name) {
    if (!finalizing.add(name)) {
      return;
    }
    Thread.ofVirtual().name("namespace-finalizer-" + name).start(() -> {
      try {
        finalizeNamespace(name);
      } finally {
        finalizing.remove(name);
      }
    });
  }

  private void finalizeNamespace(String name) {
    Duration pause = Duration.ofMillis(50);
    while (true) {
      int left = 0;
      for (GenericRegistry r : registries.values()) {
        if (!r.type().namespaced()) {
          continue;
        }
        for (HasMetadata o : r.snapshot(name)) {
          left++;
          if (o.getMetadata().getDeletionTimestamp() != null) {
            continue;
          }
          try {
            r.delete(name, o.getMetadata().getName(), new DeleteOptions(), false);
          } catch (SkiffException.NotFound e) {
            left--;
          } catch (RuntimeException e) {
            LOG.warn("cannot delete {} {}/{} while finalizing the namespace: {}", r.type().kind(), name, o.getMetadata().getName(), e.toString());
          }
        }
      }
      if (left == 0) {
        try {
          namespaces().store().delete(null, name, 0);
        } catch (SkiffException.NotFound e) {
          // already gone
        }
        return;
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        return;
      }
      pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(2)) > 0 ? Duration.ofSeconds(2) : pause.multipliedBy(2);
    }
  }
}
