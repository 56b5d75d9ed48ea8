package io.skiff.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.skiff.apiserver.pki.Pki;
import io.skiff.images.ImagesConfig;
import io.skiff.images.LocalImageService;
import io.skiff.common.net.Ipv4Cidr;
import io.skiff.controllers.nodeipam.NodeIpamConfig;
import io.skiff.kubelet.NodeAgent;
import io.skiff.kubelet.NodeAgentConfig;
import io.skiff.kubelet.hostgw.HostGatewayRoutes;
import io.skiff.kubelet.hostgw.IpRouteTable;
import io.skiff.kubelet.hostgw.PodEgress;
import io.skiff.kubelet.node.HostInfo;
import io.skiff.kubelet.node.NodeObjects;
import io.skiff.kubelet.node.PodCidrAssignment;
import io.skiff.kubelet.server.AgentServerConfig;
import io.skiff.runtime.host.ProcessRunner;
import io.skiff.runtime.runc.RuntimeConfig;
import io.skiff.runtime.cni.NetworkConfig;
import io.skiff.runtime.runc.Preflight;
import io.skiff.runtime.runc.RuncRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The parts of {@code skiff up} beyond the API server: the controllers (see {@link Controllers}) and the local node agent (runc, CNI, the
 * image store, routes to other nodes' pods), each a client of the API through fabric8 like any other. The agent registers its Node
 * and waits for the pod CIDR the control plane assigns before it sets up the pod network. When the runtime's programs are missing,
 * they are installed with apt-get (as root on Debian/Ubuntu, unless told not to), or the node is left out with a
 * message naming the packages.
 */
final class LocalNode implements AutoCloseable {
  /** How long an agent waits for the control plane to give its node a pod CIDR. */
  static final Duration POD_CIDR_WAIT = Duration.ofMinutes(2);

  private final List<AutoCloseable> parts = new ArrayList<>();

  /** What to run. */
  record Options(boolean agent, boolean install, int agentPort, String nodeName, String nodeIp, NodeIpamConfig ipam, boolean allocateNodeCidrs) {}

  static LocalNode start(ControlPlane plane, Path dataDir, Options options, PrintStream out) throws Exception {
    LocalNode node = new LocalNode();
    try {
      KubernetesClient client = LoopbackClient.create(plane.kubeconfig());
      node.parts.add(client);
      node.parts.add(0, Controllers.start(client, plane.sharedStore(), plane.dataDir(),
          options.allocateNodeCidrs() ? Optional.of(options.ipam()) : Optional.empty()));
      if (options.agent()) {
        node.startAgent(client, plane, dataDir, options, out);
      }
      return node;
    } catch (Exception | Error e) {
      node.close();
      throw e;
    }
  }

  private void startAgent(KubernetesClient client, ControlPlane plane, Path dataDir, Options options, PrintStream out) throws IOException {
    String nodeName = options.nodeName() != null ? options.nodeName() : hostName();
    Pki pki = Pki.openOrCreate(dataDir.resolve("tls"));
    pki.servingCredential("agent-serving", new java.util.LinkedHashSet<>(List.of(nodeName, "localhost")),
        new java.util.LinkedHashSet<>(List.of(options.nodeIp(), "127.0.0.1")));
    // Without node IPAM the local node takes the cluster CIDR's first block itself.
    String podCidr = options.allocateNodeCidrs() ? null : options.ipam().clusterCidr().subnet(options.ipam().nodeMaskSize(), 0).toString();
    startAgent(client, new AgentSetup(dataDir, nodeName, options.nodeIp(), options.agentPort(), dataDir.resolve("tls"), podCidr,
        options.ipam().clusterCidr(), "skiff0", "/skiff", options.install()), out);
  }

  /**
   * Where and how a node agent runs.
   *
   * @param tls          a directory with {@code ca.crt} (the cluster CA) and {@code agent-serving.{crt,key}} issued by it
   * @param podCidr      the node's pod CIDR when given ({@code --pod-cidr}); null to use the one the control plane assigns
   * @param clusterCidr  the whole cluster's pod network: pod traffic to it is routed, not masqueraded
   * @param cgroupParent the cgroupfs parent of the node's pods ({@code --cgroup-root})
   */
  record AgentSetup(Path dataDir, String nodeName, String address, int port, Path tls, String podCidr, Ipv4Cidr clusterCidr, String bridge,
      String cgroupParent, boolean install) {}

  /** Starts a node agent (runtime, image store, agent); the preflight installs missing packages or explains. */
  void startAgent(KubernetesClient client, AgentSetup setup, PrintStream out) throws IOException {
    RuntimeConfig runtimeConfig = RuntimeConfig.defaults(setup.dataDir().resolve("runtime")).withCgroupParent(setup.cgroupParent());
    List<Preflight.Missing> missing = Preflight.missing(runtimeConfig);
    if (!missing.isEmpty()) {
      List<String> packages = Preflight.packages(missing);
      Optional<String> why = Installer.whyNot(setup.install());
      if (why.isPresent()) {
        out.println("skiff: no local node: pods need " + String.join(", ", missing.stream().map(Preflight.Missing::program).toList())
            + " (Debian packages: " + String.join(" ", packages) + "); " + why.get() + ". The control plane runs without a node.");
        return;
      }
      out.println("skiff: installing " + String.join(" ", packages) + " with apt-get (needed to run pods; --no-install opts out)");
      Installer.aptInstall(packages);
    }
    Path agentDir = setup.dataDir().resolve("agent");
    Ipv4Cidr podCidr = PodCidrAssignment.await(client, new NodeObjects.Identity(setup.nodeName(), setup.address(), setup.podCidr(), "", setup.port()),
        HostInfo.read(agentDir), InstantSource.system(), POD_CIDR_WAIT);
    out.println("skiff: node " + setup.nodeName() + " has pod CIDR " + podCidr);
    NetworkConfig network = NetworkConfig.defaults().withBridge(setup.bridge(), podCidr.toString());
    ProcessRunner runner = new ProcessRunner();
    if (setup.clusterCidr().contains(podCidr)) {
      // Pod traffic to other nodes keeps its pod addresses; only traffic leaving the cluster CIDR is masqueraded.
      new PodEgress(runner, runtimeConfig.commandTimeout()).ensure(podCidr, setup.clusterCidr());
      network = network.withIpMasq(false);
    } else {
      out.println("skiff: pod CIDR " + podCidr + " is outside the cluster CIDR " + setup.clusterCidr()
          + ": pod traffic leaving the node is masqueraded, so other nodes' pods see the node's address");
    }
    runtimeConfig = runtimeConfig.withNetwork(network);
    RuncRuntime runtime = RuncRuntime.open(runtimeConfig);
    parts.add(0, runtime);
    LocalImageService images = new LocalImageService(ImagesConfig.forDataDir(setup.dataDir(), null));
    NodeAgent agent = NodeAgent.start(client, NodeAgentConfig.of(setup.nodeName(), agentDir, podCidr.toString(), images, runtime)
        .withNodeAddress(setup.address())
        .withServer(new AgentServerConfig(setup.address(), setup.port(), setup.tls().resolve("ca.crt"), setup.tls().resolve("agent-serving.crt"),
            setup.tls().resolve("agent-serving.key"))));
    parts.add(0, agent);
    parts.add(0, HostGatewayRoutes.start(client, setup.nodeName(), new IpRouteTable(runner, runtimeConfig.commandTimeout()), HostGatewayRoutes.RESYNC));
  }

  /** A node agent joined to a server elsewhere ({@code skiff agent}): the caller's client, no scheduler. */
  static LocalNode agentOnly(KubernetesClient client, AgentSetup setup, PrintStream out) throws IOException {
    LocalNode node = new LocalNode();
    node.parts.add(client);
    try {
      node.startAgent(client, setup, out);
      return node;
    } catch (IOException | RuntimeException | Error e) {
      node.close();
      throw e;
    }
  }

  /** The host's name, lower-case, as a node name. */
  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
    } catch (IOException e) {
      return "skiff-node";
    }
  }

  @Override
  public void close() {
    for (AutoCloseable part : parts) {
      try {
        part.close();
      } catch (Exception e) {
        System.err.println("skiff: while stopping " + part.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
    parts.clear();
  }
}
