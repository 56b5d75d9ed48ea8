package io.skiff.kubelet;

import io.skiff.images.LocalImageService;
import io.skiff.kubelet.server.AgentServerConfig;
import io.skiff.runtime.ContainerRuntime;
import io.skiff.runtime.runc.RuntimeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The node agent's configuration, fixed at construction. Start from {@link #of} and refine with the {@code with…}
 * methods.
 *
 * @param nodeName     the Node's name (a DNS subdomain, usually the host name)
 * @param dataDir      the agent's state: {@code pods/<uid>} (volumes, root markers, termination messages)
 * @param podCidr      the node's pod CIDR (reported as spec.podCIDR; the runtime's CNI network must use the same)
 * @param images       the image store (pulls, and containers' writable roots over its snapshots)
 * @param runtime      the container runtime (opened by the caller, who also closes it)
 * @param sandboxImage the pause image name the runtime was opened with (the kubelet's --pod-infra-container-image)
 * @param clock        the time source
 * @param podLogRoot   where container logs go: {@code <root>/<ns>_<pod>_<uid>/<container>/<n>.log}; /var/log/pods on a node
 * @param nodeAddress  the node's InternalIP, or {@code null} for the first non-loopback IPv4 address
 * @param server       the agent's HTTPS API, or {@code null} to serve none (then {@code kubectl logs} cannot reach it)
 * @param plegPeriod   how often the runtime is relisted for container state changes (the kubelet's is 1 s)
 * @param errorRetry   how soon a pod whose sync hit an error is synced again (the kubelet's is 10 s)
 */
public record NodeAgentConfig(String nodeName, Path dataDir, String podCidr, LocalImageService images, ContainerRuntime runtime,
    String sandboxImage, InstantSource clock, Path podLogRoot, String nodeAddress, AgentServerConfig server, Duration plegPeriod,
    Duration errorRetry) {

  private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  public static final Path DEFAULT_LOG_ROOT = Path.of("/var/log/pods");

  public NodeAgentConfig {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(sandboxImage, "sandboxImage");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(podLogRoot, "podLogRoot");
    Objects.requireNonNull(plegPeriod, "plegPeriod");
    Objects.requireNonNull(errorRetry, "errorRetry");
    if (nodeName.length() > 253 || !SUBDOMAIN.matcher(nodeName).matches()) {
      throw new IllegalArgumentException("the node name must be a lowercase DNS subdomain: " + nodeName);
    }
    dataDir = dataDir.toAbsolutePath().normalize();
    podLogRoot = podLogRoot.toAbsolutePath().normalize();
    podCidr = podCidr == null ? "" : podCidr;
    if (!plegPeriod.isPositive() || !errorRetry.isPositive()) {
      throw new IllegalArgumentException("plegPeriod and errorRetry must be positive");
    }
  }

  /** Defaults: skiff's pause image, the system clock, logs in /var/log/pods, the first IPv4 address, no HTTPS API. */
  public static NodeAgentConfig of(String nodeName, Path dataDir, String podCidr, LocalImageService images, ContainerRuntime runtime) {
    return new NodeAgentConfig(nodeName, dataDir, podCidr, images, runtime, RuntimeConfig.DEFAULT_SANDBOX_IMAGE, InstantSource.system(),
        DEFAULT_LOG_ROOT, null, null, Duration.ofSeconds(1), Duration.ofSeconds(10));
  }

  public NodeAgentConfig withPodLogRoot(Path value) {
    return new NodeAgentConfig(nodeName, dataDir, podCidr, images, runtime, sandboxImage, clock, value, nodeAddress, server, plegPeriod, errorRetry);
  }

  public NodeAgentConfig withNodeAddress(String value) {
    return new NodeAgentConfig(nodeName, dataDir, podCidr, images, runtime, sandboxImage, clock, podLogRoot, value, server, plegPeriod, errorRetry);
  }

  public NodeAgentConfig withServer(AgentServerConfig value) {
    return new NodeAgentConfig(nodeName, dataDir, podCidr, images, runtime, sandboxImage, clock, podLogRoot, nodeAddress, value, plegPeriod, errorRetry);
  }

  public NodeAgentConfig withSandboxImage(String value) {
    return new NodeAgentConfig(nodeName, dataDir, podCidr, images, runtime, value, clock, podLogRoot, nodeAddress, server, plegPeriod, errorRetry);
  }

  public NodeAgentConfig withClock(InstantSource value) {
    return new NodeAgentConfig(nodeName, dataDir, podCidr, images, runtime, sandboxImage, value, podLogRoot, nodeAddress, server, plegPeriod, errorRetry);
  }

  public NodeAgentConfig withTiming(Duration pleg, Duration retry) {
    return new NodeAgentConfig(nodeName, dataDir, podCidr, images, runtime, sandboxImage, clock, podLogRoot, nodeAddress, server, pleg, retry);
  }
}
