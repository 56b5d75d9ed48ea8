package io.skiff.kubelet.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.skiff.kubelet.api.PodStatusWriter;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's status manager: keeps the last status written for each pod, writes a new one only when it differs,
 * and lets syncs start from the status it wrote (the informer's copy may still lag behind). A write that fails is
 * retried by the next sync.
 */
public final class StatusManager {
  private static final Logger LOG = LoggerFactory.getLogger(StatusManager.class);

  private final PodStatusWriter writer;
  private final ConcurrentMap<String, PodStatus> written = new ConcurrentHashMap<>();

  public StatusManager(PodStatusWriter writer) {
    this.writer = Objects.requireNonNull(writer, "writer");
  }

  /** Writes {@code status} for the pod unless it is what was written last; answers whether it wrote. */
  public boolean update(Pod pod, PodStatus status) {
    String uid = pod.getMetadata().getUid();
    if (status.equals(written.get(uid))) {
      return false;
    }
    try {
      writer.writeStatus(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), status);
      written.put(uid, status);
      return true;
    } catch (RuntimeException e) {
      LOG.warn("cannot write the status of pod {}/{}: {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), e.getMessage());
      return false;
    }
  }

  /** The last status written for the pod. */
  public Optional<PodStatus> find(String podUid) {
    return Optional.ofNullable(written.get(podUid));
  }

  /** The pod with the status this manager wrote last, when it wrote one. */
  public Pod withWrittenStatus(Pod pod) {
    PodStatus s = written.get(pod.getMetadata().getUid());
    return s == null ? pod : new PodBuilder(pod).withStatus(s).build();
  }

  /** Completes the deletion of a pod that is stopped and cleaned up. */
  public void deleteFinally(Pod pod) {
    writer.deleteFinally(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid());
  }

  public void forget(String podUid) {
    written.remove(podUid);
  }
}
