package io.skiff.kubelet.hollow;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.skiff.kubelet.event.EventRecorder;
import io.skiff.kubelet.event.EventType;
import io.skiff.kubelet.event.PodEvent;
import io.skiff.kubelet.pod.ContainerKind;
import io.skiff.kubelet.pod.ContainerLabels;
import io.skiff.kubelet.pod.ObservedPod;
import io.skiff.kubelet.pod.RuntimePods;
import io.skiff.kubelet.pod.SandboxConfigFactory;
import io.skiff.kubelet.pod.SpecContainer;
import io.skiff.kubelet.status.PodConditions;
import io.skiff.kubelet.status.PodPhases;
import io.skiff.kubelet.status.PodStatusGenerator;
import io.skiff.kubelet.status.StatusManager;
import io.skiff.runtime.ContainerConfig;
import io.skiff.runtime.ContainerFilter;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerState;
import io.skiff.runtime.ContainerStatus;
import io.skiff.runtime.Rootfs;
import io.skiff.runtime.SandboxConfig;
import io.skiff.runtime.SandboxId;
import io.skiff.runtime.SandboxStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs the pods of one hollow node the way the node agent does, on a {@link HollowRuntime}: the first sync of a pod
 * starts its sandbox, runs each init container to a clean exit in order, then starts the sidecars and app containers,
 * recording the kubelet's Pulled (image already present), Created and Started events; every sync writes the status the
 * agent's own {@link PodStatusGenerator} computes, when it changed. A pod being deleted has its containers stopped
 * (Killing events), its terminal status written, and its deletion completed with grace period 0. Not thread-safe per
 * pod: the caller runs one sync per pod at a time.
 */
final class HollowPodSyncer {
  private static final Rootfs NO_ROOT = new Rootfs.Prepared(Path.of("/hollow"));
  private static final List<String> NO_COMMAND = List.of("/hollow");

  private final String hostIp;
  private final HollowRuntime runtime;
  private final RuntimePods pods;
  private final EventRecorder events;
  private final StatusManager status;
  private final InstantSource clock;

  HollowPodSyncer(String hostIp, HollowRuntime runtime, RuntimePods pods, EventRecorder events, StatusManager status, InstantSource clock) {
    this.hostIp = Objects.requireNonNull(hostIp, "hostIp");
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.pods = Objects.requireNonNull(pods, "pods");
    this.events = Objects.requireNonNull(events, "events");
    this.status = Objects.requireNonNull(status, "status");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Brings the pod to what its spec asks and reports its status. */
  void sync(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      terminate(pod);
      return;
    }
    String uid = pod.getMetadata().getUid();
    if (pods.sandboxes(uid).isEmpty()) {
      if (pod.getStatus() != null && PodPhases.isTerminal(pod.getStatus().getPhase())) {
        return;
      }
      start(pod);
    }
    if (readyWasChangedByOthers(pod)) {
      status.forget(uid);
    }
    report(pod, false);
  }

  /** The pod is gone from the API: its sandbox and containers are removed. */
  void forget(String uid) {
    for (SandboxStatus s : pods.sandboxes(uid)) {
      runtime.removeSandbox(s.id());
    }
    status.forget(uid);
  }

  private void start(Pod pod) {
    String uid = pod.getMetadata().getUid();
    SandboxConfig sandbox = SandboxConfig.of(uid, pod.getMetadata().getNamespace(), pod.getMetadata().getName())
        .withHostname(SandboxConfigFactory.hostname(pod), "")
        .withHostNetwork(Boolean.TRUE.equals(pod.getSpec().getHostNetwork()));
    SandboxId id = runtime.runSandbox(sandbox).id();
    for (SpecContainer c : SpecContainer.inits(pod)) {
      ContainerId started = run(pod, id, c);
      if (c.kind() == ContainerKind.INIT) {
        runtime.exit(started, 0);
      }
    }
    for (SpecContainer c : SpecContainer.apps(pod)) {
      run(pod, id, c);
    }
  }

  private ContainerId run(Pod pod, SandboxId sandbox, SpecContainer c) {
    Container spec = c.spec();
    String image = spec.getImage() == null ? "" : spec.getImage();
    List<String> argv = new ArrayList<>();
    if (spec.getCommand() != null) {
      argv.addAll(spec.getCommand());
    }
    if (spec.getArgs() != null) {
      argv.addAll(spec.getArgs());
    }
    ContainerConfig config = ContainerConfig.of(c.name(), NO_ROOT, argv.isEmpty() ? NO_COMMAND : argv).withImage(image)
        .withLabels(Map.of(ContainerLabels.POD_UID, pod.getMetadata().getUid(), ContainerLabels.POD_NAME, pod.getMetadata().getName(),
            ContainerLabels.POD_NAMESPACE, pod.getMetadata().getNamespace(), ContainerLabels.CONTAINER_NAME, c.name(),
            ContainerLabels.IMAGE_ID, imageId(image)));
    String fieldPath = c.kind().fieldPath(c.name());
    event(pod, fieldPath, "Pulled", "Container image \"" + image + "\" already present on machine");
    ContainerId id = runtime.createContainer(sandbox, config);
    event(pod, fieldPath, "Created", "Created container: " + c.name());
    runtime.startContainer(id);
    event(pod, fieldPath, "Started", "Started container " + c.name());
    return id;
  }

  private void terminate(Pod pod) {
    String uid = pod.getMetadata().getUid();
    for (SandboxStatus s : pods.sandboxes(uid)) {
      for (ContainerStatus c : runtime.listContainers(ContainerFilter.inSandbox(s.id()))) {
        if (c.state() == ContainerState.RUNNING) {
          String fieldPath = SpecContainer.find(pod, c.name()).map(sc -> sc.kind().fieldPath(c.name())).orElse("");
          event(pod, fieldPath, "Killing", "Stopping container " + c.name());
          runtime.stopContainer(c.id(), Duration.ZERO);
        }
      }
      runtime.stopSandbox(s.id());
    }
    report(pod, true);
    status.deleteFinally(pod);
  }

  private void report(Pod pod, boolean terminal) {
    ObservedPod observed = pods.observe(pod);
    PodStatus generated = PodStatusGenerator.generate(new PodStatusGenerator.Input(status.withWrittenStatus(pod), observed, Map.of(),
        terminal, hostIp, HollowRuntime.NAME, clock.instant()));
    status.update(pod, generated);
  }

  /**
   * True when the API shows another Ready status than the one last written: the node lifecycle controller marks
   * the pods of an unreachable node not ready, and a node that returns must report them again, as the kubelet's
   * status manager reconciles.
   */
  private boolean readyWasChangedByOthers(Pod pod) {
    Optional<PodStatus> written = status.find(pod.getMetadata().getUid());
    if (written.isEmpty()) {
      return false;
    }
    return !Objects.equals(ready(written.get()), ready(pod.getStatus()));
  }

  private static String ready(PodStatus s) {
    if (s == null || s.getConditions() == null) {
      return null;
    }
    return s.getConditions().stream().filter(c -> PodConditions.READY.equals(c.getType())).map(PodCondition::getStatus).findFirst()
        .orElse(null);
  }

  private void event(Pod pod, String fieldPath, String reason, String message) {
    events.record(new PodEvent(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid(), fieldPath,
        EventType.Normal, reason, message));
  }

  /** A stable image id for an image a hollow node never pulled: {@code sha256:} of its name. */
  static String imageId(String image) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
