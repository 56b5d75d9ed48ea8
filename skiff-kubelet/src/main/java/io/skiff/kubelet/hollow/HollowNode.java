package io.skiff.kubelet.hollow;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.skiff.kubelet.api.ApiPodStatusWriter;
import io.skiff.kubelet.event.EventRecorder;
import io.skiff.kubelet.node.HostInfo;
import io.skiff.kubelet.node.NodeObjects;
import io.skiff.kubelet.node.NodeRegistration;
import io.skiff.kubelet.pod.PodPaths;
import io.skiff.kubelet.pod.RuntimePods;
import io.skiff.kubelet.status.StatusManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One hollow node: its Node and Lease (through the agent's {@link NodeRegistration}), its in-memory runtime and the
 * syncer of its pods. It can be {@link #stop stopped} and {@link #resume resumed}, as a kubelet that dies and comes
 * back: while stopped it renews nothing and leaves its pods alone.
 */
public final class HollowNode {
  private final String name;
  private final NodeRegistration registration;
  private final HollowPodSyncer syncer;
  private volatile boolean alive = true;

  HollowNode(KubernetesClient client, HollowConfig config, int index, EventRecorder events) {
    this.name = config.nodeName(index);
    PodAddresses addresses = new PodAddresses("10." + (64 + index / 256) + "." + (index % 256));
    String address = "10.254." + (index / 256) + "." + (index % 256);
    HollowRuntime runtime = new HollowRuntime(config.clock(), addresses);
    HostInfo host = new HostInfo(config.cpus(), config.memoryBytes(), 100L << 30, "6.1.0-hollow", "skiff hollow node",
        machineId(name), machineId(name), machineId("boot/" + name), "amd64", List.of(), List.of());
    this.registration = new NodeRegistration(client,
        new NodeObjects.Identity(name, address, addresses.cidr(), runtime.info().nodeInfoString(), 0), host, config.clock());
    StatusManager status = new StatusManager(new ApiPodStatusWriter(client));
    this.syncer = new HollowPodSyncer(address, runtime, new RuntimePods(runtime, new PodPaths(Path.of("/nonexistent/skiff-hollow", name))),
        events, status, config.clock());
  }

  public String name() {
    return name;
  }

  public boolean alive() {
    return alive;
  }

  /** Stops renewing the lease and posting status, and leaves pods alone, as a kubelet that died. */
  public void stop() {
    alive = false;
  }

  /** Comes back: renews the lease and posts the node's status at once (the caller resyncs the pods). */
  public void resume() {
    alive = true;
    registration.renewLease();
    registration.updateStatus();
  }

  void register() {
    registration.register();
    registration.renewLease();
  }

  void renewLease() {
    if (alive) {
      registration.renewLease();
    }
  }

  void postStatus() {
    if (alive) {
      registration.updateStatus();
    }
  }

  void sync(Pod pod) {
    if (alive) {
      syncer.sync(pod);
    }
  }

  void forget(String uid) {
    syncer.forget(uid);
  }

  private static String machineId(String seed) {
    return String.format("%08x", Objects.hash(seed, "hollow")) + "0".repeat(24);
  }
}
