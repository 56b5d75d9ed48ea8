package io.skiff.runtime.cni;

import io.skiff.runtime.PortMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One pod's attachment to a network: the runtime's parameters to every plugin call.
 *
 * @param containerId  {@code CNI_CONTAINERID}: the sandbox id
 * @param netnsPath    {@code CNI_NETNS}
 * @param ifName       {@code CNI_IFNAME} for the pod network, usually {@code eth0}
 * @param podNamespace passed in {@code CNI_ARGS} as {@code K8S_POD_NAMESPACE}
 * @param podName      passed as {@code K8S_POD_NAME}
 * @param podUid       passed as {@code K8S_POD_UID}
 * @param portMappings the {@code portMappings} capability's runtime config
 */
public record CniAttachment(String containerId, Path netnsPath, String ifName, String podNamespace, String podName, String podUid, List<PortMapping> portMappings) {
  public CniAttachment {
    Objects.requireNonNull(containerId, "containerId");
    Objects.requireNonNull(netnsPath, "netnsPath");
    ifName = ifName == null || ifName.isEmpty() ? "eth0" : ifName;
    portMappings = List.copyOf(portMappings == null ? List.of() : portMappings);
  }

  /** The {@code CNI_ARGS} value, with the keys Kubernetes runtimes pass. */
  public String cniArgs() {
    return "IgnoreUnknown=1;K8S_POD_NAMESPACE=" + podNamespace + ";K8S_POD_NAME=" + podName
        + ";K8S_POD_INFRA_CONTAINER_ID=" + containerId + ";K8S_POD_UID=" + podUid;
  }
}
