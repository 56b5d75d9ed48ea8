package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.skiff.common.SkiffException;
import io.skiff.images.LocalImage;
import io.skiff.kubelet.volume.MountedVolume;
import io.skiff.runtime.ContainerConfig;
import io.skiff.runtime.ContainerMount;
import io.skiff.runtime.ContainerSecurity;
import io.skiff.runtime.EnvVar;
import io.skiff.runtime.ProcessUser;
import io.skiff.runtime.Rootfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Turns a container of the pod spec into the runtime's {@link ContainerConfig}: argv from command/args and the image,
 * the image's environment overlaid by the resolved one, working directory, user (security context, else the image's
 * user resolved in its layers), volume mounts (with readOnly and subPath), the termination-message file, cgroup limits,
 * capabilities and privilege switches, and the CRI log path. Anything that cannot be resolved (a missing ConfigMap key,
 * a runAsNonRoot violation, a bad subPath) is a {@link SkiffException} whose message becomes
 * {@code CreateContainerConfigError}.
 */
public final class ContainerConfigFactory {
  private final EnvResolver env;
  private final long memoryCapacity;

  /** What one container instance is built from. */
  public record Request(Pod pod, SpecContainer container, int attempt, LocalImage image, Rootfs.Overlay rootfs, Map<String, MountedVolume> volumes,
      EnvResolver.Context envContext, Path logPath, Path terminationLog, Map<String, String> labels) {
    public Request {
      Objects.requireNonNull(pod, "pod");
      Objects.requireNonNull(container, "container");
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(rootfs, "rootfs");
      volumes = Map.copyOf(volumes);
      Objects.requireNonNull(envContext, "envContext");
      Objects.requireNonNull(logPath, "logPath");
      Objects.requireNonNull(terminationLog, "terminationLog");
      labels = Map.copyOf(labels);
    }
  }

  /** The config and the warnings found on the way (skipped envFrom keys). */
  public record Built(ContainerConfig config, List<String> warnings) {
    public Built {
      Objects.requireNonNull(config, "config");
      warnings = List.copyOf(warnings);
    }
  }

  public ContainerConfigFactory(EnvResolver env, long memoryCapacity) {
    this.env = Objects.requireNonNull(env, "env");
    this.memoryCapacity = memoryCapacity;
  }

  public Built build(Request r) {
    Container c = r.container().spec();
    EnvResolver.Resolved vars = env.resolve(c, r.envContext());
    var imageConfig = r.image().config();
    List<String> argv = ContainerCommand.argv(c.getCommand(), c.getArgs(), imageConfig.entrypoint(), imageConfig.cmd(), vars.vars());
    if (argv.isEmpty()) {
      throw new SkiffException.BadRequest("no command specified");
    }
    Map<String, String> merged = new LinkedHashMap<>();
    for (String e : imageConfig.env()) {
      int eq = e.indexOf('=');
      if (eq > 0) {
        merged.put(e.substring(0, eq), e.substring(eq + 1));
      }
    }
    merged.putAll(vars.vars());
    List<EnvVar> envList = merged.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue())).toList();
    String workingDir = c.getWorkingDir() != null && !c.getWorkingDir().isEmpty() ? c.getWorkingDir()
        : imageConfig.workingDir().isEmpty() ? "/" : imageConfig.workingDir();
    ProcessUser user = user(r.pod(), c, imageConfig.user(), r.rootfs().lowerDirs().reversed());
    List<ContainerMount> mounts = new ArrayList<>(mounts(c, r.volumes(), vars.vars()));
    String terminationPath = c.getTerminationMessagePath() == null || c.getTerminationMessagePath().isEmpty()
        ? "/dev/termination-log" : c.getTerminationMessagePath();
    touch(r.terminationLog());
    mounts.add(ContainerMount.bind(r.terminationLog(), terminationPath, false));
    String qos = r.pod().getStatus() == null ? null : r.pod().getStatus().getQosClass();
    ContainerConfig config = ContainerConfig.of(c.getName(), r.rootfs(), argv)
        .withAttempt(r.attempt())
        .withImage(r.image().name())
        .withEnv(envList)
        .withWorkingDir(workingDir)
        .withUser(user)
        .withMounts(mounts)
        .withResources(CgroupResources.of(c, qos, memoryCapacity))
        .withSecurity(security(c))
        .withLogPath(r.logPath())
        .withStdio(Boolean.TRUE.equals(c.getTty()), Boolean.TRUE.equals(c.getStdin()), Boolean.TRUE.equals(c.getStdinOnce()))
        .withLabels(r.labels());
    return new Built(config, vars.warnings());
  }

  static ProcessUser user(Pod pod, Container c, String imageUser, List<Path> layersTopFirst) {
    SecurityContext sc = c.getSecurityContext();
    PodSecurityContext psc = pod.getSpec().getSecurityContext();
    Long runAsUser = sc != null && sc.getRunAsUser() != null ? sc.getRunAsUser() : psc != null ? psc.getRunAsUser() : null;
    Long runAsGroup = sc != null && sc.getRunAsGroup() != null ? sc.getRunAsGroup() : psc != null ? psc.getRunAsGroup() : null;
    Boolean nonRoot = sc != null && sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : psc != null ? psc.getRunAsNonRoot() : null;
    String podRef = "\"" + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")\"";
    if (Boolean.TRUE.equals(nonRoot)) {
      if (runAsUser != null) {
        if (runAsUser == 0) {
          throw new SkiffException.BadRequest("container's runAsUser breaks non-root policy (pod: " + podRef + ", container: " + c.getName() + ")");
        }
      } else {
        String u = imageUser == null ? "" : imageUser.split(":", 2)[0];
        if (!u.isEmpty() && !u.chars().allMatch(Character::isDigit)) {
          throw new SkiffException.BadRequest("container has runAsNonRoot and image has non-numeric user (" + u
              + "), cannot verify user is non-root (pod: " + podRef + ", container: " + c.getName() + ")");
        }
        if (u.isEmpty() || Long.parseLong(u) == 0) {
          throw new SkiffException.BadRequest("container has runAsNonRoot and image will run as root (pod: " + podRef + ", container: " + c.getName() + ")");
        }
      }
    }
    long uid;
    OptionalLong gid;
    if (runAsUser != null) {
      uid = runAsUser;
      gid = OptionalLong.empty();
    } else {
      ImageUsers.Resolved resolved = ImageUsers.resolve(imageUser, layersTopFirst);
      uid = resolved.uid();
      gid = resolved.gid();
    }
    long group = runAsGroup != null ? runAsGroup : gid.orElse(ImageUsers.primaryGroup(uid, layersTopFirst).orElse(0));
    List<Long> extra = new ArrayList<>();
    if (psc != null && psc.getSupplementalGroups() != null) {
      extra.addAll(psc.getSupplementalGroups());
    }
    if (psc != null && psc.getFsGroup() != null && !extra.contains(psc.getFsGroup())) {
      extra.add(psc.getFsGroup());
    }
    return new ProcessUser(uid, group, extra);
  }

  static List<ContainerMount> mounts(Container c, Map<String, MountedVolume> volumes, Map<String, String> vars) {
    List<ContainerMount> out = new ArrayList<>();
    for (VolumeMount vm : c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
      MountedVolume v = volumes.get(vm.getName());
      if (v == null) {
        throw new SkiffException.BadRequest("cannot find volume \"" + vm.getName() + "\" to mount into container \"" + c.getName() + "\"");
      }
      String sub = vm.getSubPath() != null && !vm.getSubPath().isEmpty() ? vm.getSubPath()
          : vm.getSubPathExpr() != null ? VariableExpansion.expand(vm.getSubPathExpr(), vars) : "";
      Path source = sub.isEmpty() ? v.hostPath() : subPath(v.hostPath(), sub);
      out.add(ContainerMount.bind(source, vm.getMountPath(), Boolean.TRUE.equals(vm.getReadOnly()) || v.readOnly()));
    }
    return out;
  }

  /** The subPath below the volume, created as a directory when missing; it must stay inside the volume after symlinks. */
  static Path subPath(Path volume, String sub) {
    Path p = volume.resolve(sub).normalize();
    if (!p.startsWith(volume) || Path.of(sub).isAbsolute()) {
      throw new SkiffException.BadRequest("subPath \"" + sub + "\" must be a relative path within the volume");
    }
    try {
      if (!Files.exists(p)) {
        Files.createDirectories(p);
      }
      Path real = p.toRealPath();
      Path base = volume.toRealPath();
      if (!real.startsWith(base)) {
        throw new SkiffException.BadRequest("subpath \"" + real + "\" not within volume path \"" + base + "\"");
      }
      return real;
    } catch (IOException e) {
      throw new SkiffException.BadRequest("failed to prepare subPath \"" + sub + "\": " + e.getMessage());
    }
  }

  static ContainerSecurity security(Container c) {
    SecurityContext sc = c.getSecurityContext();
    if (sc == null) {
      return ContainerSecurity.DEFAULT;
    }
    List<String> add = sc.getCapabilities() == null || sc.getCapabilities().getAdd() == null ? List.of() : sc.getCapabilities().getAdd();
    List<String> drop = sc.getCapabilities() == null || sc.getCapabilities().getDrop() == null ? List.of() : sc.getCapabilities().getDrop();
    return new ContainerSecurity(add, drop, Boolean.TRUE.equals(sc.getPrivileged()), Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem()),
        Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation()));
  }

  private static void touch(Path file) {
    try {
      Files.createDirectories(file.getParent());
      if (!Files.exists(file)) {
        Files.createFile(file);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
      }
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot create " + file, e);
    }
  }
}
