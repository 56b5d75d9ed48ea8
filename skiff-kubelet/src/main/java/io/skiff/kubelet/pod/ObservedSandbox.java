package io.skiff.kubelet.pod;

import java.util.Objects;

/**
 * One sandbox (pause process, network) of a pod as the runtime reports it.
 *
 * @param id      the runtime's sandbox id
 * @param attempt the sandbox attempt, 0 for the pod's first
 * @param ready   whether the pause process runs and the network is attached
 * @param podIp   the pod's IP, empty with host network or once stopped
 */
public record ObservedSandbox(String id, int attempt, boolean ready, String podIp) {
  public ObservedSandbox {
    Objects.requireNonNull(id, "id");
    podIp = podIp == null ? "" : podIp;
  }
}
