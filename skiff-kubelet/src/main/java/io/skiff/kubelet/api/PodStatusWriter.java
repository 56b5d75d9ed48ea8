package io.skiff.kubelet.api;

import io.fabric8.kubernetes.api.model.PodStatus;

/** Writes pod status to the API server and completes deletions. */
public interface PodStatusWriter {
  /** Replaces the pod's status (the {@code pods/status} subresource); a pod that is gone is not an error. */
  void writeStatus(String namespace, String name, PodStatus status);

  /**
   * Deletes the pod with grace period 0 and a precondition on its uid (so a new pod of the same name is never hit);
   * a pod that is already gone is not an error.
   */
  void deleteFinally(String namespace, String name, String uid);
}
