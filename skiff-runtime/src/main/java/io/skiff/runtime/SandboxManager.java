package io.skiff.runtime;

import java.util.List;

/** The pod-level half of the runtime: the pause process that holds a pod's namespaces, its network and its files. */
public interface SandboxManager {

  /**
   * Creates the pod's network namespace (unless {@link SandboxConfig#hostNetwork()}), attaches it to the pod network,
   * writes the pod's hosts, resolv.conf and hostname files, and starts the pause process. Idempotent: a sandbox that
   * already exists for the same pod uid and attempt is returned as it is.
   */
  SandboxStatus runSandbox(SandboxConfig config);

  /**
   * {@link #runSandbox(SandboxConfig)}, and creates (without starting) the given containers in it as early as the
   * runtime can, e.g. while the network is still being attached; a container that cannot be created this way is left
   * out silently (creating it later reports why). The containers are started as usual, once this returned. The
   * default creates none of them.
   */
  default SandboxStatus runSandbox(SandboxConfig config, List<ContainerConfig> alongside) {
    return runSandbox(config);
  }

  /** Kills every container of the sandbox and its pause process and detaches it from the network (CNI DEL). Idempotent. */
  void stopSandbox(SandboxId id);

  /** Stops the sandbox if needed, then removes its containers, network namespace, cgroups, mounts and files. Idempotent; an unknown id is a no-op. */
  void removeSandbox(SandboxId id);

  /** The sandbox's current status; throws {@link io.skiff.common.SkiffException.NotFound} for an unknown id. */
  SandboxStatus sandboxStatus(SandboxId id);

  /** Every sandbox this runtime's state directory knows, in no particular order. */
  List<SandboxStatus> listSandboxes();

  /**
   * Opens a TCP connection to {@code port} on the pod's loopback address, from inside its network namespace (what
   * {@code kubectl port-forward} reaches). With host network the host's loopback is used. Throws
   * {@link io.skiff.common.SkiffException.NotFound} for an unknown sandbox and {@link java.io.IOException} when
   * nothing accepts the connection.
   */
  java.nio.channels.SocketChannel connectToPort(SandboxId id, int port) throws java.io.IOException;
}
