package io.skiff.kubelet.pod;

import io.skiff.kubelet.volume.PodVolumes;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's {@code HandlePodCleanups}: whatever the runtime or the pods directory holds for a pod uid that the
 * API no longer has and no worker handles (a pod deleted while the agent was down) is removed from the host; stale
 * back-off entries and the probe workers of pods gone are dropped.
 */
public final class Housekeeping {
  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

  private final RuntimePods runtimePods;
  private final PodVolumes volumes;
  private final PodWorkers workers;
  private final PodSyncer syncer;
  private final SyncParts parts;

  public Housekeeping(SyncParts parts, PodWorkers workers, PodSyncer syncer) {
    this.parts = Objects.requireNonNull(parts, "parts");
    this.runtimePods = parts.runtimePods();
    this.volumes = parts.volumes();
    this.workers = Objects.requireNonNull(workers, "workers");
    this.syncer = Objects.requireNonNull(syncer, "syncer");
  }

  /** Cleans up after pods that are neither in {@code apiPodUids} nor handled by a worker. */
  public void run(Supplier<Set<String>> apiPodUids) {
    Set<String> onHost = new HashSet<>(runtimePods.observeAll().keySet());
    onHost.addAll(volumes.knownPodUids());
    Set<String> known = apiPodUids.get();
    for (String uid : onHost) {
      if (known.contains(uid) || workers.phase(uid).isPresent()) {
        continue;
      }
      LOG.info("removing pod {} from the host: the API server no longer has it", uid);
      try {
        syncer.cleanUp(uid, null, null);
      } catch (RuntimeException e) {
        LOG.warn("cannot remove pod {} from the host: {}", uid, e.getMessage());
      }
    }
    parts.probes().cleanupPods(uid -> known.contains(uid) || workers.phase(uid).isPresent());
    parts.crashBackoff().gc();
    parts.pullBackoff().gc();
  }
}
