package io.skiff.runtime.runc;

import io.skiff.runtime.cni.NetworkConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The runtime's configuration, fixed at construction.
 *
 * @param root           the runtime's state directory (e.g. {@code DATA_DIR/runtime}); at most 60 characters, since
 *                       conmon's attach sockets live below it and socket paths are limited to 107 bytes
 * @param ociStateRoot   the OCI runtime's {@code --root}
 * @param ociRuntime     runc or crun
 * @param conmon         conmon's binary
 * @param catatonit      catatonit's binary, copied into the sandbox image
 * @param sandboxImage   the sandbox image's name (the kubelet's {@code --pod-infra-container-image})
 * @param cgroupParent   the cgroupfs parent of pod cgroups when a sandbox names none, e.g. {@code /skiff}
 * @param network        the pod network
 * @param commandTimeout the bound on each runc, conmon, CNI or mount call
 */
public record RuntimeConfig(Path root, Path ociStateRoot, OciRuntimeBinary ociRuntime, Path conmon, Path catatonit, String sandboxImage,
    String cgroupParent, NetworkConfig network, Duration commandTimeout) {

  /** The default sandbox image name. */
  public static final String DEFAULT_SANDBOX_IMAGE = "skiff.local/pause:catatonit";
  private static final Pattern CGROUP = Pattern.compile("(/[A-Za-z0-9_.-]+)+");

  public RuntimeConfig {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(ociStateRoot, "ociStateRoot");
    Objects.requireNonNull(ociRuntime, "ociRuntime");
    Objects.requireNonNull(conmon, "conmon");
    Objects.requireNonNull(catatonit, "catatonit");
    Objects.requireNonNull(sandboxImage, "sandboxImage");
    Objects.requireNonNull(cgroupParent, "cgroupParent");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    root = root.toAbsolutePath().normalize();
    ociStateRoot = ociStateRoot.toAbsolutePath().normalize();
    if (root.toString().length() > 60) {
      throw new IllegalArgumentException("the runtime root must be at most 60 characters (conmon's attach socket paths are limited): " + root);
    }
    if (!CGROUP.matcher(cgroupParent).matches()) {
      throw new IllegalArgumentException("cgroupParent must be an absolute cgroupfs path like /skiff: " + cgroupParent);
    }
    if (commandTimeout.isNegative() || commandTimeout.isZero()) {
      throw new IllegalArgumentException("commandTimeout must be positive");
    }
  }

  /** Debian's binaries, runc, the default network and the OCI state under {@code root/oci}. */
  public static RuntimeConfig defaults(Path root) {
    return new RuntimeConfig(root, root.resolve("oci"), OciRuntimeBinary.runc(), Path.of("/usr/bin/conmon"), Path.of("/usr/bin/catatonit"),
        DEFAULT_SANDBOX_IMAGE, "/skiff", NetworkConfig.defaults(), Duration.ofSeconds(30));
  }

  public RuntimeConfig withOciRuntime(OciRuntimeBinary value) {
    return new RuntimeConfig(root, ociStateRoot, value, conmon, catatonit, sandboxImage, cgroupParent, network, commandTimeout);
  }

  public RuntimeConfig withNetwork(NetworkConfig value) {
    return new RuntimeConfig(root, ociStateRoot, ociRuntime, conmon, catatonit, sandboxImage, cgroupParent, value, commandTimeout);
  }

  public RuntimeConfig withCgroupParent(String value) {
    return new RuntimeConfig(root, ociStateRoot, ociRuntime, conmon, catatonit, sandboxImage, value, network, commandTimeout);
  }

  public RuntimeConfig withSandboxImage(String value) {
    return new RuntimeConfig(root, ociStateRoot, ociRuntime, conmon, catatonit, value, cgroupParent, network, commandTimeout);
  }
}
