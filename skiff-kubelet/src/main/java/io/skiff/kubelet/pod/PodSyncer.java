package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;

/**
 * What a pod worker calls, one call at a time per pod: {@link #syncPod} while the pod runs, then
 * {@link #syncTerminatingPod} once, then {@link #syncTerminatedPod} once the pod is deleted.
 */
public interface PodSyncer {
  /** Brings the pod's containers towards its spec and reports its status. */
  SyncOutcome syncPod(Pod pod, PodState state);

  /** Stops every container and the sandbox within {@code grace}; writes the final status when {@code inApi}. */
  void syncTerminatingPod(Pod pod, PodState state, Duration grace, boolean inApi);

  /** Removes the pod from the host; with {@code completeDeletion} also deletes it from the API for good. */
  void syncTerminatedPod(Pod pod, boolean completeDeletion);

  /** Removes whatever the host has of a pod uid the API does not know (namespace and name may be null). */
  void cleanUp(String uid, String namespace, String name);
}
