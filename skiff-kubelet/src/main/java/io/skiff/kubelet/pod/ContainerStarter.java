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
import io.skiff.kubelet.status.Waiting;
import io.skiff.kubelet.volume.MountedVolume;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.SandboxId;
import io.skiff.runtime.SandboxStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
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

  public StartResult start(Context ctx, SpecContainer c, int attempt) {
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
    EnsureOutcome ensured = parts.images().ensure(new EnsureRequest(uid, imageName, policy, ctx.credentials()));
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

    SandboxId sandboxId = ctx.sandbox().id();
    ContainerId id = ContainerId.of(sandboxId, c.name(), attempt);
    ContainerConfigFactory.Built built;
    try {
      Rootfs.Overlay rootfs = prepareRoot(uid, id, image);
      String podIp = ctx.sandbox().podIp();
      built = configs.build(new ContainerConfigFactory.Request(pod, c, attempt, image, rootfs, ctx.volumes(),
          new EnvResolver.Context(pod, podIp.isEmpty() ? parts.hostIp() : podIp, parts.hostIp(), parts.allocatable()),
          parts.logs().logFile(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), uid, c.name(), attempt),
          parts.paths().terminationLog(uid, c.name(), id.value()),
          Map.of(ContainerLabels.POD_UID, uid, ContainerLabels.POD_NAME, pod.getMetadata().getName(),
              ContainerLabels.POD_NAMESPACE, pod.getMetadata().getNamespace(), ContainerLabels.CONTAINER_NAME, c.name(),
              ContainerLabels.KIND, c.kind().name(), ContainerLabels.HASH, hash, ContainerLabels.IMAGE_ID, image.repoDigest())));
    } catch (SkiffException | IllegalArgumentException e) {
      RootfsCleanup.release(parts, uid, id.value());
      event(pod, c, EventType.Warning, "Failed", "Error: " + e.getMessage());
      return new StartResult.NotStarted(new Waiting("CreateContainerConfigError", e.getMessage()), parts.errorRetry());
    }
    for (String w : built.warnings()) {
      event(pod, c, EventType.Warning, "InvalidEnvironmentVariableNames", w);
    }
    try {
      parts.runtime().createContainer(sandboxId, built.config());
    } catch (SkiffException | IllegalArgumentException e) {
      RootfsCleanup.release(parts, uid, id.value());
      event(pod, c, EventType.Warning, "Failed", "Error: " + e.getMessage());
      return new StartResult.NotStarted(new Waiting("CreateContainerError", e.getMessage()), parts.errorRetry());
    }
    event(pod, c, EventType.Normal, "Created", "Created container: " + c.name());
    try {
      parts.runtime().startContainer(id);
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
