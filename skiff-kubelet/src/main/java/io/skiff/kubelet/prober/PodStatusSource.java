package io.skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.Optional;

/** The pod status the agent last reported for a pod uid (the kubelet's status manager cache), which probe workers read. */
@FunctionalInterface
public interface PodStatusSource {
  Optional<PodStatus> find(String podUid);
}
