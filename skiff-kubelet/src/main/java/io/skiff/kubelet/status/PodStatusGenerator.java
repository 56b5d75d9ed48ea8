package io.skiff.kubelet.status;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.skiff.kubelet.pod.ObservedPod;
import io.skiff.kubelet.pod.ObservedSandbox;
import io.skiff.kubelet.pod.SpecContainer;
import io.skiff.kubelet.prober.ContainerHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The kubelet's {@code generateAPIPodStatus} as a pure function: container statuses (init in spec order, app sorted
 * by name), the phase (terminal phases are sticky), the kubelet's conditions, IPs and start time.
 */
public final class PodStatusGenerator {
  private PodStatusGenerator() {}

  /**
   * What the status is generated from.
   *
   * @param pod         the pod as the API has it (its old status supplies transition times, start time, QoS class)
   * @param observed    what the runtime has of the pod
   * @param failures    the start failures by container name (waiting reasons)
   * @param terminal    whether the pod is being stopped for good
   * @param hostIp      the node's address
   * @param runtimeName the container id prefix, e.g. {@code runc}
   * @param now         the current time
   * @param health      what the probes say of running containers (started, ready)
   */
  public record Input(Pod pod, ObservedPod observed, Map<String, Waiting> failures, boolean terminal, String hostIp, String runtimeName, Instant now,
      ContainerHealth health) {
    public Input {
      Objects.requireNonNull(health, "health");
      Objects.requireNonNull(pod, "pod");
      Objects.requireNonNull(observed, "observed");
      failures = Map.copyOf(failures);
      Objects.requireNonNull(hostIp, "hostIp");
      Objects.requireNonNull(runtimeName, "runtimeName");
      Objects.requireNonNull(now, "now");
    }

    /** Without probes: running containers are started and ready. */
    public Input(Pod pod, ObservedPod observed, Map<String, Waiting> failures, boolean terminal, String hostIp, String runtimeName, Instant now) {
      this(pod, observed, failures, terminal, hostIp, runtimeName, now, ContainerHealth.NONE);
    }
  }

  public static PodStatus generate(Input in) {
    Pod pod = in.pod();
    PodStatus old = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    List<ContainerStatus> inits = new ArrayList<>();
    for (SpecContainer c : SpecContainer.inits(pod)) {
      inits.add(ContainerStatuses.of(pod, c, in.observed(), in.failures(), in.runtimeName(), in.health()));
    }
    List<ContainerStatus> apps = new ArrayList<>();
    for (SpecContainer c : SpecContainer.apps(pod)) {
      apps.add(ContainerStatuses.of(pod, c, in.observed(), in.failures(), in.runtimeName(), in.health()));
    }
    apps.sort(Comparator.comparing(ContainerStatus::getName));
    String phase = PodPhases.isTerminal(old.getPhase()) ? old.getPhase() : PodPhases.phase(pod, inits, apps, in.terminal());
    boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
    Optional<ObservedSandbox> sandbox = in.observed().currentSandbox();
    boolean sandboxReady = sandbox.map(s -> s.ready() && (hostNetwork || !s.podIp().isEmpty())).orElse(false);

    PodStatus s = new PodStatus();
    s.setPhase(phase);
    s.setConditions(PodConditions.generate(pod, inits, apps, phase, sandboxReady, in.now()));
    s.setInitContainerStatuses(inits);
    s.setContainerStatuses(apps);
    s.setHostIP(in.hostIp());
    s.setHostIPs(new ArrayList<>(List.of(new HostIP(in.hostIp()))));
    String podIp = hostNetwork ? in.hostIp() : sandbox.filter(ObservedSandbox::ready).map(ObservedSandbox::podIp).orElse("");
    if (podIp.isEmpty() && old.getPodIP() != null && !old.getPodIP().isEmpty()) {
      podIp = old.getPodIP();
    }
    if (!podIp.isEmpty()) {
      s.setPodIP(podIp);
      s.setPodIPs(new ArrayList<>(List.of(new PodIP(podIp))));
    }
    s.setStartTime(old.getStartTime() != null ? old.getStartTime() : Timestamps.time(in.now()));
    s.setQosClass(old.getQosClass());
    if (Objects.equals(old.getPhase(), phase)) {
      s.setReason(old.getReason());
      s.setMessage(old.getMessage());
    }
    s.setNominatedNodeName(old.getNominatedNodeName());
    return s;
  }
}
