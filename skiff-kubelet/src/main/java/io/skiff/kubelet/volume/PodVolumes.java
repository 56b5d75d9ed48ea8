package io.skiff.kubelet.volume;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.skiff.common.SkiffException;
import io.skiff.kubelet.api.ConfigSource;
import io.skiff.kubelet.node.NodeResources;
import io.skiff.runtime.host.FileTrees;
import io.skiff.runtime.host.Mounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pod's volumes on the host, below {@code <pods dir>/<uid>/volumes/<plugin>/<name>} as the kubelet lays them out:
 * emptyDir (a directory, or a tmpfs for {@code medium: Memory}), hostPath (checked against its type), configMap,
 * secret (on a tmpfs, never on disk), downwardAPI and projected (files written atomically). Setting up is idempotent
 * and runs every sync, so file volumes follow changes of their sources.
 */
public final class PodVolumes {
  private final Path podsDir;
  private final VolumeFiles files;
  private final Mounter mounter;

  public PodVolumes(Path podsDir, ConfigSource source, NodeResources allocatable, Mounter mounter) {
    this.podsDir = Objects.requireNonNull(podsDir, "podsDir");
    this.files = new VolumeFiles(source, allocatable);
    this.mounter = Objects.requireNonNull(mounter, "mounter");
  }

  /** The pod's own directory on the host. */
  public Path podDir(String podUid) {
    return podsDir.resolve(podUid);
  }

  /** Sets up every volume of the pod, or stops at the first that fails. */
  public VolumeSetup setUp(Pod pod, String podIp, String hostIp) {
    String uid = pod.getMetadata().getUid();
    Map<String, MountedVolume> out = new LinkedHashMap<>();
    List<Volume> volumes = pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    for (Volume v : volumes) {
      try {
        out.put(v.getName(), setUp(pod, uid, v, podIp, hostIp));
      } catch (SkiffException e) {
        return new VolumeSetup.Failed(v.getName(), e.getMessage());
      }
    }
    return new VolumeSetup.Ready(out);
  }

  private MountedVolume setUp(Pod pod, String uid, Volume v, String podIp, String hostIp) {
    Path volumes = podDir(uid).resolve("volumes");
    if (v.getHostPath() != null) {
      return new MountedVolume(v.getName(), HostPaths.prepare(Path.of(v.getHostPath().getPath()), v.getHostPath().getType()), false);
    }
    if (v.getConfigMap() != null) {
      var cm = v.getConfigMap();
      Path dir = volumes.resolve("kubernetes.io~configmap").resolve(v.getName());
      AtomicFiles.write(dir, files.configMap(pod, cm.getName(), cm.getItems(), cm.getDefaultMode(), cm.getOptional()));
      return new MountedVolume(v.getName(), dir, true);
    }
    if (v.getSecret() != null) {
      var s = v.getSecret();
      Path dir = volumes.resolve("kubernetes.io~secret").resolve(v.getName());
      List<FilePayload> payload = files.secret(pod, s.getSecretName(), s.getItems(), s.getDefaultMode(), s.getOptional());
      ensureTmpfs(dir, 0);
      AtomicFiles.write(dir, payload);
      return new MountedVolume(v.getName(), dir, true);
    }
    if (v.getDownwardAPI() != null) {
      Path dir = volumes.resolve("kubernetes.io~downward-api").resolve(v.getName());
      AtomicFiles.write(dir, files.downwardApi(pod, v.getDownwardAPI().getItems(), v.getDownwardAPI().getDefaultMode(), podIp, hostIp));
      return new MountedVolume(v.getName(), dir, true);
    }
    if (v.getProjected() != null) {
      Path dir = volumes.resolve("kubernetes.io~projected").resolve(v.getName());
      List<FilePayload> payload = files.projected(pod, v.getProjected().getSources(), v.getProjected().getDefaultMode(), podIp, hostIp);
      ensureTmpfs(dir, 0);
      AtomicFiles.write(dir, payload);
      return new MountedVolume(v.getName(), dir, true);
    }
    if (v.getEmptyDir() != null) {
      Path dir = volumes.resolve("kubernetes.io~empty-dir").resolve(v.getName());
      if ("Memory".equals(v.getEmptyDir().getMedium())) {
        ensureTmpfs(dir, sizeBytes(v.getEmptyDir().getSizeLimit()));
      } else {
        createWorldWritable(dir);
      }
      return new MountedVolume(v.getName(), dir, false);
    }
    throw new SkiffException.BadRequest("skiff does not support this volume type (only emptyDir, hostPath, configMap, secret, downwardAPI and projected)");
  }

  /** Unmounts and removes everything the pod had below its directory (volumes, roots, files). */
  public void tearDown(String podUid) {
    Path dir = podDir(podUid);
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    for (Path m : mounter.mountPointsUnder(dir)) {
      mounter.unmountAll(m);
    }
    FileTrees.delete(dir);
  }

  /** The uids that have a directory here (for cleaning up after pods that are gone). */
  public List<String> knownPodUids() {
    if (!Files.isDirectory(podsDir)) {
      return List.of();
    }
    try (var s = Files.list(podsDir)) {
      return new ArrayList<>(s.map(p -> p.getFileName().toString()).toList());
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot list " + podsDir, e);
    }
  }

  private void ensureTmpfs(Path dir, long sizeBytes) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot create " + dir, e);
    }
    if (!mounter.isMountPoint(dir)) {
      List<String> opts = new ArrayList<>(List.of("mode=0777"));
      if (sizeBytes > 0) {
        opts.add("size=" + sizeBytes);
      }
      mounter.mount("tmpfs", "tmpfs", dir, opts);
    }
  }

  private static void createWorldWritable(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      }
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot create " + dir, e);
    }
  }

  private static long sizeBytes(Quantity q) {
    return q == null || q.getAmount() == null ? 0 : Quantity.getAmountInBytes(q).longValue();
  }
}
