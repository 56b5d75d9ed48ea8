package io.skiff.kubelet.logs;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where container logs live, as the kubelet lays them out: {@code <root>/<namespace>_<pod>_<uid>/<container>/<restartCount>.log}
 * ({@code root} is {@code /var/log/pods} on a real node).
 */
public record PodLogPaths(Path root) {
  public PodLogPaths {
    Objects.requireNonNull(root, "root");
    root = root.toAbsolutePath().normalize();
  }

  public Path podDir(String namespace, String pod, String uid) {
    return root.resolve(namespace + "_" + pod + "_" + uid);
  }

  public Path containerDir(String namespace, String pod, String uid, String container) {
    return podDir(namespace, pod, uid).resolve(container);
  }

  public Path logFile(String namespace, String pod, String uid, String container, int restartCount) {
    return containerDir(namespace, pod, uid, container).resolve(restartCount + ".log");
  }
}
