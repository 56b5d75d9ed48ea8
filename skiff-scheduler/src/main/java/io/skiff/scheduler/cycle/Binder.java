package io.skiff.scheduler.cycle;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Assigns a pod to a node (the {@code pods/binding} subresource). Contract: returns once the API server accepted the
 * binding; throws {@link io.skiff.common.SkiffException.Conflict} when the pod is already bound or being deleted,
 * {@link io.skiff.common.SkiffException.NotFound} when it is gone, another {@link io.skiff.common.SkiffException}
 * otherwise.
 */
public interface Binder {
  void bind(Pod pod, String nodeName);
}
