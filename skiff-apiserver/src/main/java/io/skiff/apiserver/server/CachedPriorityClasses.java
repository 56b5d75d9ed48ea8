package io.skiff.apiserver.server;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.skiff.apiserver.registry.PriorityClasses;
import io.skiff.apiserver.registry.SystemPriorityClasses;
import io.skiff.apiserver.resource.ResourceTypes;
import io.skiff.apiserver.rest.GenericRegistry;
import io.skiff.apiserver.rest.WriteOptions;
import io.skiff.common.SkiffException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The server's PriorityClasses for admission, read from the watch cache as the Priority plugin reads its informer; a
 * class the cache does not show yet (created a moment ago) is read from the store. {@link #ensureSystemClasses}
 * creates the two system classes at start, as kube-apiserver's bootstrap hook does.
 */
final class CachedPriorityClasses implements PriorityClasses {
  private final Supplier<GenericRegistry> registry;

  /** {@code registry} supplies the priorityclasses registry once the server has built it. */
  CachedPriorityClasses(Supplier<GenericRegistry> registry) {
    this.registry = registry;
  }

  @Override
  public Optional<PriorityClass> find(String name) {
    GenericRegistry r = registry.get();
    Optional<HasMetadata> cached = r.store().cache().find(ResourceTypes.PRIORITY_CLASSES.key(null, name));
    return cached.or(() -> r.store().find(null, name)).map(PriorityClass.class::cast);
  }

  @Override
  public List<PriorityClass> list() {
    List<PriorityClass> classes = new ArrayList<>();
    for (HasMetadata o : registry.get().store().cache().snapshot(ResourceTypes.PRIORITY_CLASSES.keyPrefix()).items()) {
      classes.add((PriorityClass) o);
    }
    return classes;
  }

  /** Creates the system classes that are missing. */
  void ensureSystemClasses() {
    GenericRegistry r = registry.get();
    for (PriorityClass pc : SystemPriorityClasses.objects()) {
      if (r.store().find(null, pc.getMetadata().getName()).isEmpty()) {
        try {
          r.create(null, new PriorityClassBuilder(pc).build(), WriteOptions.defaults());
        } catch (SkiffException.AlreadyExists e) {
          // another server made it first
        }
      }
    }
  }
}
