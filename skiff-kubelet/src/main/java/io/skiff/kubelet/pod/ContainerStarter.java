package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.common.SkiffException;
import io.skiff.images.LocalImage;
import io.skiff.images.auth.PullCredentials;
import io.skiff.images.pull.EnsureOutcome;
import io.skiff.images.pull.EnsureRequest;
import io.skiff.images.pull.GoDuration;
import io.skiff.images.pull.ImageEvent;
import io.skiff.images.pull.PullBackoff;
import io.skiff.images.pull.PullPolicy;
import io.skiff.images.pull.WaitingReason;
import io.skiff.images.snapshot.Mount;
import io.skiff.runtime.Rootfs;
import io.skiff.kubelet.event.EventType;
import io.skiff.kubelet.event.PodEvent;
import io.skiff.kubelet.startup.StartupStep;
import io.skiff.kubelet.status.Waiting;
import io.skiff.kubelet.volume.MountedVolume;
import io.skiff.runtime.ContainerConfig;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerState;
import io.skiff.runtime.ContainerStatus;
import io.skiff.runtime.SandboxId;
import io.skiff.runtime.SandboxStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Starts one container instance the kubelet's way ({@code startContainer}): crash-loop back-off check, ensure the
 * image (pull policy, pull back-off), prepare its writable root, build its config ({@code CreateContainerConfigError}),
 * create it ({@code CreateContainerError}, event Created), start it ({@code RunContainerError}, event Started), run
 * its postStart hook, nothing else starting meanwhile (a failure: Warning {@code FailedPostStartHook}, the container
 * killed with the message {@code FailedPostStartHook}, waiting reason {@code PostStartHookError}).
 */
public final class ContainerStarter {
  private static final Duration MIN_RETRY = Duration.ofSeconds(1);
  /**
   * How long a postStart exec or HTTP hook may run. The kubelet sets no limit (the container's start waits for it);
   * skiff bounds every call to the runtime, generously.
   */
  static final Duration POST_START_LIMIT = Duration.ofMinutes(30);

  private final SyncParts parts;
  private final ContainerConfigFactory configs;
  private final PodKiller killer;

  public ContainerStarter(SyncParts parts) {
    this.parts = parts;
    this.killer = new PodKiller(parts);
    this.configs = new ContainerConfigFactory(new EnvResolver(parts.configs()), parts.allocatable().memoryBytes());
  }

  /** What a start needs beyond the container: the pod, its sandbox, what the runtime has, volumes and credentials. */
  public record Context(Pod pod, SandboxStatus sandbox, ObservedPod observed, Map<String, MountedVolume> volumes, PullCredentials credentials) {}

  /**
   * Starts the container, using the instance {@link AheadCreator} created ahead of its turn when it was created with
   * exactly the config built now (events and status are as for any start).
   */
  public StartResult start(Context ctx, SpecContainer c, int attempt, PodState state) {
    Pod pod = ctx.pod();
    String uid = pod.getMetadata().getUid();
    String hash = ContainerHash.of(c.spec());
    Optional<ObservedContainer> latest = ctx.observed().latest(c.name());
    if (latest.isPresent() && latest.get().exited()) {
      String key = CrashLoopBackoff.key(uid, c.name(), hash);
      Instant finished = latest.get().finishedAt() != null ? latest.get().finishedAt() : parts.clock().instant();
      Optional<CrashLoopBackoff.Hold> hold = parts.crashBackoff().hold(key, finished);
      if (hold.isPresent()) {
        String podRef = pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + uid + ")";
        event(pod, c, EventType.Warning, "BackOff", "Back-off restarting failed container " + c.name() + " in pod " + podRef);
        return new StartResult.NotStarted(new Waiting("CrashLoopBackOff",
            "back-off " + GoDuration.format(hold.get().delay()) + " restarting failed container=" + c.name() + " pod=" + podRef),
            max(hold.get().remaining(), MIN_RETRY));
      }
      parts.crashBackoff().advance(key, finished);
    }

    String imageName = c.spec().getImage();
    PullPolicy policy = c.spec().getImagePullPolicy() == null || c.spec().getImagePullPolicy().isEmpty()
        ? PullPolicy.defaultFor(imageName) : PullPolicy.parse(c.spec().getImagePullPolicy());
    Instant ensureBegan = parts.clock().instant();
    EnsureOutcome ensured = parts.images().ensure(new EnsureRequest(uid, imageName, policy, ctx.credentials()));
    if (ensured.events().stream().anyMatch(e -> e.reason().equals("Pulling"))) {
      parts.startup().pulled(uid, ensureBegan);
    }
    for (ImageEvent e : ensured.events()) {
      event(pod, c, e.type() == ImageEvent.Type.Normal ? EventType.Normal : EventType.Warning, e.reason(), e.message());
    }
    LocalImage image;
    switch (ensured) {
      case EnsureOutcome.Waiting w -> {
        Duration retry = w.reason() == WaitingReason.ImagePullBackOff || w.reason() == WaitingReason.ErrImagePull
            ? parts.pullBackoff().remaining(PullBackoff.key(uid, imageName)) : parts.errorRetry();
        return new StartResult.NotStarted(new Waiting(w.reason().text(), w.message()), max(retry, MIN_RETRY));
      }
      case EnsureOutcome.Ready r -> image = r.image();
    }
    parts.startup().step(uid, StartupStep.IMAGE_READY, c.name());

    SandboxId sandboxId = ctx.sandbox().id();
    ContainerId id = ContainerId.of(sandboxId, c.name(), attempt);
    ContainerConfigFactory.Built built;
    try {
      built = build(pod, sandboxId, ctx.sandbox().podIp(), ctx.volumes(), c, attempt, image, hash);
    } catch (SkiffException | IllegalArgumentException e) {
      RootfsCleanup.release(parts, uid, id.value());
      event(pod, c, EventType.Warning, "Failed", "Error: " + e.getMessage());
      return new StartResult.NotStarted(new Waiting("CreateContainerConfigError", e.getMessage()), parts.errorRetry());
    }
    for (String w : built.warnings()) {
      event(pod, c, EventType.Warning, "InvalidEnvironmentVariableNames", w);
    }
    try {
      if (!state.takeAhead(id.value(), ahead(built.config())) || !createdNotStarted(id)) {
        discardUnstarted(id);
        parts.runtime().createContainer(sandboxId, built.config());
        parts.startup().step(uid, StartupStep.CONTAINER_CREATED, c.name());
      } else {
        parts.startup().step(uid, StartupStep.CONTAINER_CREATED, c.name() + ",ahead");
      }
    } catch (SkiffException | IllegalArgumentException e) {
      RootfsCleanup.release(parts, uid, id.value());
      event(pod, c, EventType.Warning, "Failed", "Error: " + e.getMessage());
      return new StartResult.NotStarted(new Waiting("CreateContainerError", e.getMessage()), parts.errorRetry());
    }
    event(pod, c, EventType.Normal, "Created", "Created container: " + c.name());
    try {
      parts.runtime().startContainer(id);
      parts.startup().step(uid, StartupStep.CONTAINER_STARTED, c.name());
    } catch (SkiffException e) {
      event(pod, c, EventType.Warning, "Failed", "Error: " + e.getMessage());
      return new StartResult.NotStarted(new Waiting("RunContainerError", e.getMessage()), parts.errorRetry());
    }
    event(pod, c, EventType.Normal, "Started", "Started container " + c.name());
    LifecycleHandler postStart = c.spec().getLifecycle() == null ? null : c.spec().getLifecycle().getPostStart();
    if (postStart != null) {
      String podIp = Boolean.TRUE.equals(pod.getSpec().getHostNetwork()) ? parts.hostIp() : ctx.sandbox().podIp();
      Optional<String> failed = parts.hooks().run(pod, c.spec(), id.value(), postStart, podIp, POST_START_LIMIT);
      if (failed.isPresent()) {
        // Not the message in the event: it may hold secrets (the kubelet's rule).
        event(pod, c, EventType.Warning, "FailedPostStartHook", "PostStartHook failed");
        killer.kill(pod, c.name(), id.value(), KillGrace.of(pod, c.spec(), KillReason.OTHER), "FailedPostStartHook", podIp);
        return new StartResult.NotStarted(new Waiting("PostStartHookError", failed.get()), MIN_RETRY);
      }
    }
    return new StartResult.Started(id.value());
  }

  /**
   * Creates the container in the runtime ahead of its turn, without events, and answers the config it was created
   * with; empty when that is not possible without side effects (see {@link #aheadConfig}): then it is created when its
   * turn comes.
   */
  Optional<ContainerConfig> createAhead(Context ctx, SpecContainer c, int attempt) {
    Optional<ContainerConfig> config = aheadConfig(ctx.pod(), ctx.sandbox().id(), ctx.sandbox().podIp(), ctx.volumes(), c, attempt);
    if (config.isEmpty()) {
      return config;
    }
    ContainerId id = ContainerId.of(ctx.sandbox().id(), c.name(), attempt);
    try {
      parts.runtime().createContainer(ctx.sandbox().id(), config.get());
      return config;
    } catch (SkiffException | IllegalArgumentException e) {
      discardUnstarted(id);
      RootfsCleanup.release(parts, ctx.pod().getMetadata().getUid(), id.value());
      return Optional.empty();
    }
  }

  /**
   * For a sandbox about to be created: the configs of the containers that start first in it, to be created together
   * with the sandbox (the first init container, or the app containers), as far as {@link #aheadConfig} allows; each
   * is remembered in {@code state} so that its start uses it.
   */
  List<ContainerConfig> alongside(Pod pod, SandboxId sandboxId, List<PodActions.Start> starts, Map<String, MountedVolume> volumes, PodState state) {
    if (starts.isEmpty()) {
      return List.of();
    }
    List<PodActions.Start> first = starts.get(0).kind() == ContainerKind.APP ? starts : starts.subList(0, 1);
    List<ContainerConfig> out = new ArrayList<>();
    for (PodActions.Start s : first) {
      SpecContainer c = SpecContainer.find(pod, s.name()).orElseThrow();
      if (c.kind() != first.get(0).kind()) {
        break;
      }
      aheadConfig(pod, sandboxId, "", volumes, c, s.attempt()).ifPresent(config -> {
        state.createdAhead(ContainerId.of(sandboxId, c.name(), s.attempt()).value(), config);
        out.add(config);
      });
    }
    return out;
  }

  /**
   * The config a container created ahead of its turn gets (labelled {@link ContainerLabels#AHEAD}), with its
   * writable root prepared; empty when creating it ahead would have side effects or could not match its start: the
   * image must be pulled or checked at the registry, a subPath must be resolved when it starts, its environment
   * needs the pod IP before it is known, or the config cannot be built (its start reports why).
   */
  private Optional<ContainerConfig> aheadConfig(Pod pod, SandboxId sandboxId, String podIp, Map<String, MountedVolume> volumes, SpecContainer c,
      int attempt) {
    String imageName = c.spec().getImage();
    PullPolicy policy = c.spec().getImagePullPolicy() == null || c.spec().getImagePullPolicy().isEmpty()
        ? PullPolicy.defaultFor(imageName) : PullPolicy.parse(c.spec().getImagePullPolicy());
    Optional<LocalImage> image = parts.images().presentFor(imageName, policy);
    boolean subPaths = c.spec().getVolumeMounts() != null && c.spec().getVolumeMounts().stream()
        .anyMatch(m -> (m.getSubPath() != null && !m.getSubPath().isEmpty()) || (m.getSubPathExpr() != null && !m.getSubPathExpr().isEmpty()));
    boolean needsPodIp = podIp.isEmpty() && c.spec().getEnv() != null && c.spec().getEnv().stream()
        .anyMatch(e -> e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null
            && String.valueOf(e.getValueFrom().getFieldRef().getFieldPath()).startsWith("status.podIP"));
    if (image.isEmpty() || subPaths || needsPodIp) {
      return Optional.empty();
    }
    String uid = pod.getMetadata().getUid();
    ContainerId id = ContainerId.of(sandboxId, c.name(), attempt);
    try {
      return Optional.of(ahead(build(pod, sandboxId, podIp, volumes, c, attempt, image.get(), ContainerHash.of(c.spec())).config()));
    } catch (SkiffException | IllegalArgumentException e) {
      RootfsCleanup.release(parts, uid, id.value());
      return Optional.empty();
    }
  }

  /** The container's writable root and its runtime config, as built for a start. */
  private ContainerConfigFactory.Built build(Pod pod, SandboxId sandboxId, String podIp, Map<String, MountedVolume> volumes, SpecContainer c,
      int attempt, LocalImage image, String hash) {
    String uid = pod.getMetadata().getUid();
    ContainerId id = ContainerId.of(sandboxId, c.name(), attempt);
    Rootfs.Overlay rootfs = prepareRoot(uid, id, image);
    return configs.build(new ContainerConfigFactory.Request(pod, c, attempt, image, rootfs, volumes,
        new EnvResolver.Context(pod, podIp.isEmpty() ? parts.hostIp() : podIp, parts.hostIp(), parts.allocatable()),
        parts.logs().logFile(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), uid, c.name(), attempt),
        parts.paths().terminationLog(uid, c.name(), id.value()),
        Map.of(ContainerLabels.POD_UID, uid, ContainerLabels.POD_NAME, pod.getMetadata().getName(),
            ContainerLabels.POD_NAMESPACE, pod.getMetadata().getNamespace(), ContainerLabels.CONTAINER_NAME, c.name(),
            ContainerLabels.KIND, c.kind().name(), ContainerLabels.HASH, hash, ContainerLabels.IMAGE_ID, image.repoDigest())));
  }

  /** The config with the label that hides the container until it is started. */
  private static ContainerConfig ahead(ContainerConfig config) {
    Map<String, String> labels = new HashMap<>(config.labels());
    labels.put(ContainerLabels.AHEAD, "true");
    return config.withLabels(labels);
  }

  private boolean createdNotStarted(ContainerId id) {
    try {
      return parts.runtime().containerStatus(id).state() == ContainerState.CREATED;
    } catch (SkiffException.NotFound e) {
      return false;
    }
  }

  /** Removes an instance with this id that was created but never started (ahead of its turn with another config, or left by a crash). */
  private void discardUnstarted(ContainerId id) {
    try {
      ContainerStatus st = parts.runtime().containerStatus(id);
      if (st.startedAt() == null) {
        parts.runtime().removeContainer(id);
      }
    } catch (SkiffException.NotFound e) {
      // Nothing there.
    }
  }

  /**
   * The container's writable root: an active snapshot over the image's top layer, as an overlay the runtime mounts
   * (with the images module's options, such as {@code userxattr}). A marker file in the pod's directory records it, so
   * that cleaning up finds it even when the runtime never created the container.
   */
  private Rootfs.Overlay prepareRoot(String uid, ContainerId id, LocalImage image) {
    RootfsCleanup.mark(parts, uid, id.value());
    List<Mount> mounts = parts.roots().exists(id.value()) ? parts.roots().mounts(id.value()) : parts.roots().prepare(id.value(), image);
    if (mounts.size() != 1 || !mounts.get(0).type().equals("overlay")) {
      throw new SkiffException.BadRequest("image " + image.name() + " has no layers to run a container on");
    }
    Mount m = mounts.get(0);
    List<Path> lowerBaseFirst = new ArrayList<>(m.lowerDirs());
    Collections.reverse(lowerBaseFirst);
    List<String> extra = m.options().stream().filter(o -> !o.startsWith("lowerdir=") && !o.startsWith("upperdir=") && !o.startsWith("workdir=")).toList();
    return new Rootfs.Overlay(lowerBaseFirst, Path.of(m.option("upperdir").orElseThrow()), Path.of(m.option("workdir").orElseThrow()), extra);
  }

  private void event(Pod pod, SpecContainer c, EventType type, String reason, String message) {
    parts.events().record(new PodEvent(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid(),
        c.kind().fieldPath(c.name()), type, reason, message));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
