package io.skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/** Runs one probe of a container instance: its result, or empty when the probe itself errored (the result is thrown away). */
@FunctionalInterface
public interface ProbeRunner {
  /**
   * @param podIp       the pod's IP (the target of HTTP and TCP probes without a host)
   * @param containerId the runtime's id of the instance (without the {@code runc://} prefix)
   */
  Optional<ProbeResult> probe(ProbeType type, Pod pod, Container container, String podIp, String containerId);
}
