package io.skiff.kubelet.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.Quantity;
import io.skiff.kubelet.status.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Node object the agent registers and the status it reports: capacity and allocatable (memory minus the kubelet's
 * 100Mi hard eviction threshold, ephemeral storage minus its 10% threshold; pods 110), addresses, the agent's
 * endpoint port, nodeInfo and the four conditions with Kubernetes' reasons and messages.
 */
public final class NodeObjects {
  public static final String KUBELET_VERSION = "v1.33.0-skiff";
  public static final int MAX_PODS = 110;
  static final long EVICTION_MEMORY = 100L * 1024 * 1024;

  private NodeObjects() {}

  /** What the node reports besides the host's facts. */
  public record Identity(String nodeName, String address, String podCidr, String runtimeVersion, int agentPort) {
    public Identity {
      Objects.requireNonNull(nodeName, "nodeName");
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(runtimeVersion, "runtimeVersion");
    }
  }

  public static Node node(Identity id, HostInfo host, Instant now) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("beta.kubernetes.io/arch", host.architecture());
    labels.put("beta.kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", host.architecture());
    labels.put("kubernetes.io/hostname", id.nodeName());
    labels.put("kubernetes.io/os", "linux");
    NodeBuilder b = new NodeBuilder().withNewMetadata().withName(id.nodeName()).withLabels(labels)
        .addToAnnotations("node.alpha.kubernetes.io/ttl", "0").endMetadata();
    if (id.podCidr() != null && !id.podCidr().isEmpty()) {
      b.withNewSpec().withPodCIDR(id.podCidr()).withPodCIDRs(id.podCidr()).endSpec();
    } else {
      b.withNewSpec().endSpec();
    }
    return b.withStatus(status(id, host, now, List.of())).build();
  }

  /** The status; a condition keeps its lastTransitionTime from {@code previous} while its status stays. */
  public static NodeStatus status(Identity id, HostInfo host, Instant now, List<NodeCondition> previous) {
    Map<String, Quantity> capacity = new LinkedHashMap<>();
    capacity.put("cpu", new Quantity(Integer.toString(host.cpus())));
    capacity.put("ephemeral-storage", new Quantity(host.diskBytes() / 1024 + "Ki"));
    capacity.put("hugepages-1Gi", new Quantity("0"));
    capacity.put("hugepages-2Mi", new Quantity("0"));
    capacity.put("memory", new Quantity(host.memoryBytes() / 1024 + "Ki"));
    capacity.put("pods", new Quantity(Integer.toString(MAX_PODS)));
    Map<String, Quantity> allocatable = new LinkedHashMap<>(capacity);
    allocatable.put("ephemeral-storage", new Quantity(Long.toString(allocatable(host).ephemeralStorageBytes())));
    allocatable.put("memory", new Quantity(allocatable(host).memoryBytes() / 1024 + "Ki"));

    NodeSystemInfo info = new NodeSystemInfo();
    info.setMachineID(host.machineId());
    info.setSystemUUID(host.systemUuid());
    info.setBootID(host.bootId());
    info.setKernelVersion(host.kernelVersion());
    info.setOsImage(host.osImage());
    info.setContainerRuntimeVersion(id.runtimeVersion());
    info.setKubeletVersion(KUBELET_VERSION);
    info.setKubeProxyVersion("");
    info.setOperatingSystem("linux");
    info.setArchitecture(host.architecture());

    NodeStatus s = new NodeStatus();
    s.setCapacity(capacity);
    s.setAllocatable(allocatable);
    s.setAddresses(new ArrayList<>(List.of(address(id.address(), "InternalIP"), address(id.nodeName(), "Hostname"))));
    s.setNodeInfo(info);
    s.setDaemonEndpoints(new io.fabric8.kubernetes.api.model.NodeDaemonEndpointsBuilder().withNewKubeletEndpoint().withPort(id.agentPort())
        .endKubeletEndpoint().build());
    List<NodeCondition> conditions = new ArrayList<>();
    conditions.add(condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now, previous));
    conditions.add(condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now, previous));
    conditions.add(condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now, previous));
    conditions.add(condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now, previous));
    s.setConditions(conditions);
    return s;
  }

  /** Allocatable resources: memory minus 100Mi, ephemeral storage minus 10%. */
  public static NodeResources allocatable(HostInfo host) {
    return new NodeResources(host.cpus() * 1000L, Math.max(0, host.memoryBytes() - EVICTION_MEMORY), host.diskBytes() - host.diskBytes() / 10);
  }

  private static NodeAddress address(String address, String type) {
    NodeAddress a = new NodeAddress();
    a.setAddress(address);
    a.setType(type);
    return a;
  }

  private static NodeCondition condition(String type, String status, String reason, String message, Instant now, List<NodeCondition> previous) {
    NodeCondition c = new NodeCondition();
    c.setType(type);
    c.setStatus(status);
    c.setReason(reason);
    c.setMessage(message);
    c.setLastHeartbeatTime(Timestamps.time(now));
    Optional<NodeCondition> before = previous.stream().filter(p -> type.equals(p.getType()) && status.equals(p.getStatus())).findFirst();
    c.setLastTransitionTime(before.map(NodeCondition::getLastTransitionTime).orElse(Timestamps.time(now)));
    return c;
  }
}
