package io.skiff.kubelet.pod;

import io.skiff.images.ContainerRoots;
import io.skiff.images.pull.ImageEnsurer;
import io.skiff.images.pull.PullBackoff;
import io.skiff.kubelet.api.ConfigSource;
import io.skiff.kubelet.event.EventRecorder;
import io.skiff.kubelet.lifecycle.HookRunner;
import io.skiff.kubelet.logs.PodLogPaths;
import io.skiff.kubelet.node.NodeResources;
import io.skiff.kubelet.prober.ProbeManager;
import io.skiff.kubelet.startup.PodStartupTracker;
import io.skiff.kubelet.status.StatusManager;
import io.skiff.kubelet.volume.PodVolumes;
import io.skiff.runtime.ContainerRuntime;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * Everything a pod sync works with, built once by the agent.
 *
 * @param runtime        the container runtime
 * @param runtimePods    the runtime read back per pod
 * @param images         the pull-policy engine
 * @param pullBackoff    its back-off (for when to retry)
 * @param roots          containers' writable roots over image snapshots
 * @param volumes        the pods' volumes
 * @param configs        ConfigMaps and Secrets
 * @param events         where events go
 * @param status         the status manager
 * @param crashBackoff   the crash-loop back-off
 * @param paths          the agent's per-pod directories
 * @param logs           where container logs go
 * @param nodeName       the node's name
 * @param hostIp         the node's address (status.hostIP)
 * @param allocatable    the node's allocatable resources (resource fields without limits)
 * @param hostDns        the host's name servers and search domains, for dnsConfig
 * @param clock          the time source
 * @param errorRetry     how soon a pod whose sync failed is synced again
 * @param probes         the containers' probe workers and what they found
 * @param hooks          runs postStart and preStop hooks
 * @param startup        pod startup latency (the kubelet's tracker) and the steps of pod starts
 */
public record SyncParts(ContainerRuntime runtime, RuntimePods runtimePods, ImageEnsurer images, PullBackoff pullBackoff, ContainerRoots roots,
    PodVolumes volumes, ConfigSource configs, EventRecorder events, StatusManager status, CrashLoopBackoff crashBackoff, PodPaths paths,
    PodLogPaths logs, String nodeName, String hostIp, NodeResources allocatable, HostDns hostDns, InstantSource clock,
    Duration errorRetry, ProbeManager probes, HookRunner hooks, PodStartupTracker startup) {

  /** The host's resolv.conf servers and searches. */
  public record HostDns(List<String> nameservers, List<String> searches) {
    public HostDns {
      nameservers = List.copyOf(nameservers);
      searches = List.copyOf(searches);
    }
  }

  public SyncParts {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(runtimePods, "runtimePods");
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(pullBackoff, "pullBackoff");
    Objects.requireNonNull(roots, "roots");
    Objects.requireNonNull(volumes, "volumes");
    Objects.requireNonNull(configs, "configs");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(crashBackoff, "crashBackoff");
    Objects.requireNonNull(paths, "paths");
    Objects.requireNonNull(logs, "logs");
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(hostIp, "hostIp");
    Objects.requireNonNull(allocatable, "allocatable");
    Objects.requireNonNull(hostDns, "hostDns");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(errorRetry, "errorRetry");
    Objects.requireNonNull(probes, "probes");
    Objects.requireNonNull(hooks, "hooks");
    Objects.requireNonNull(startup, "startup");
  }
}
