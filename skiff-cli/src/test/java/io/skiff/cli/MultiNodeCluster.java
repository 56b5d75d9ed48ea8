package io.skiff.cli;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.skiff.controllers.nodeipam.NodeIpamConfig;
import io.skiff.images.testing.LocalRegistry;
import io.skiff.images.testing.TestImages;
import io.skiff.kubelet.hostgw.IpRouteTable;
import io.skiff.runtime.host.CgroupFs;
import io.skiff.runtime.host.CommandLine;
import io.skiff.runtime.host.ProcessRunner;
import io.skiff.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Not a test: a cluster of real nodes on one machine for end-to-end tests. The control plane (API server, node IPAM,
 * scheduler, node lifecycle and taint eviction) runs in the test's JVM on the host side of an {@link Underlay} bridge;
 * each of N {@code skiff agent} processes runs in a network namespace of its own ({@code nsenter --net}, so it keeps
 * the host's mounts and cgroup hierarchies), with its own data dir, cgroup root and node name, and joins with the
 * token. Agents pull images from a local registry (relayed onto the bridge) that mirrors docker.io and serves
 * {@code busybox:1.36} with the applets tests need ({@code httpd}, {@code nc}, {@code wget}, {@code dd}, {@code ping}).
 * Closing deletes the pods through the API, stops the agents and clears everything on the host (processes, mounts,
 * namespaces, veths, the bridge, cgroups, runc state), also after a failed start.
 */
final class MultiNodeCluster implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(90);
  static final String IMAGE = "busybox:1.36";
  private static final List<String> AGENT_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xshare:auto");

  final String tag;
  final Path dir;
  final NodeIpamConfig ipam;
  Underlay underlay;
  ControlPlane plane;
  KubernetesClient client;
  Kubectl kubectl;
  LocalRegistry registry;
  private TcpForward registryRelay;
  private AutoCloseable controllers;
  private final List<String> nodeNames = new ArrayList<>();
  private final List<SkiffProcess> agents = new ArrayList<>();
  private final List<String> cgroupRoots = new ArrayList<>();

  private MultiNodeCluster(String tag, Path dir, NodeIpamConfig ipam) {
    this.tag = tag;
    this.dir = dir;
    this.ipam = ipam;
  }

  /** Starts a cluster with {@code agents} nodes, each Ready when this returns. */
  static MultiNodeCluster start(int agents) throws Exception {
    String tag = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    ThreadLocalRandom r = ThreadLocalRandom.current();
    // Pod CIDRs live only inside the agents' namespaces; 10.60-79/16 stays clear of the host's bridges of other tests.
    NodeIpamConfig ipam = NodeIpamConfig.of("10." + r.nextInt(60, 80) + ".0.0/16", 24);
    MultiNodeCluster c = new MultiNodeCluster(tag, Files.createDirectories(Path.of("/tmp/skmn-" + tag)), ipam);
    try {
      c.startAll(agents, "10." + r.nextInt(100, 250) + "." + r.nextInt(0, 255));
      return c;
    } catch (Exception | Error e) {
      try {
        c.close();
      } catch (Exception | Error cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private void startAll(int count, String underlayPrefix) throws Exception {
    underlay = Underlay.create(tag, underlayPrefix, count);
    plane = ControlPlane.start(new ControlPlane.Config(dir.resolve("cp"), underlay.hostIp(), 0, null));
    Config config = Config.fromKubeconfig(Files.readString(plane.kubeconfig()));
    config.setOnlyHttpWatches(true);
    client = new KubernetesClientBuilder().withConfig(config).build();
    controllers = Controllers.startAll(client, Controllers.components(ipam));
    kubectl = new Kubectl(Kubectl.NEWEST, plane.kubeconfig(), Files.createDirectories(dir.resolve("kubectl")));
    registry = LocalRegistry.start(dir.resolve("reg"), LocalRegistry.Auth.NONE);
    TestImages.buildAndPush(Files.createDirectories(dir.resolve("layouts")), TestImages.image().layer(TestImages.busybox())
        .layer(TestImages.layer().dir("bin").symlink("bin/httpd", "busybox").symlink("bin/dd", "busybox").symlink("bin/ping", "busybox")
            .symlink("bin/time", "busybox").build()).cmd("/bin/sh"), registry, "library/busybox:1.36");
    registryRelay = new TcpForward(underlay.hostIp(), Integer.parseInt(registry.host().substring(registry.host().lastIndexOf(':') + 1)));
    String token = Files.readString(dir.resolve("cp/token")).strip();
    for (int i = 0; i < count; i++) {
      startAgent(i, token);
    }
    for (String name : nodeNames) {
      Await.until("node " + name + " to be Ready", WAIT, () -> client.nodes().withName(name).get(), MultiNodeCluster::ready);
    }
  }

  private void startAgent(int i, String token) throws Exception {
    String name = "mn-" + tag + "-" + i;
    Path agentDir = Files.createDirectories(dir.resolve("n" + i));
    Files.writeString(agentDir.resolve("registries.yaml"), """
        mirrors:
          docker.io:
            endpoint:
              - "http://%s"
        """.formatted(registryRelay.hostPort()));
    String cgroupRoot = "/skiff-mn-" + tag + "-" + i;
    cgroupRoots.add(cgroupRoot);
    nodeNames.add(name);
    SkiffProcess agent = SkiffProcess.start(List.of("nsenter", "--net=" + underlay.netnsPath(i)), AGENT_JVM,
        List.of("agent", "--server", plane.url(), "--token", token, "--data-dir", agentDir.toString(), "--node-name", name,
            "--node-ip", underlay.ip(i), "--kubelet-port", "10250", "--cluster-cidr", ipam.clusterCidr().toString(), "--cgroup-root", cgroupRoot,
            "--no-install"),
        "skiff agent: node " + name + " joined");
    agents.add(agent);
    agent.awaitUp(WAIT);
  }

  static boolean ready(Node n) {
    return n != null && n.getStatus() != null && n.getStatus().getConditions() != null
        && n.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** The nodes' names, in the order of their namespaces. */
  List<String> nodeNames() {
    return List.copyOf(nodeNames);
  }

  /** Node {@code i}'s address on the underlay (its InternalIP). */
  String nodeIp(int i) {
    return underlay.ip(i);
  }

  /** The routes agent {@code i} made in its namespace ({@code ip route show proto 77}), one per line. */
  String agentRoutes(int i) {
    return new ProcessRunner().runChecked(CommandLine.of(Duration.ofSeconds(10), "ip", "-n", underlay.netns(i), "-4", "route", "show", "proto",
        Integer.toString(IpRouteTable.PROTO))).stdoutText();
  }

  /** kill -9 of agent {@code i}: its pods' processes go on running, its node stops renewing its Lease. */
  void killAgent(int i) throws InterruptedException {
    agents.get(i).kill();
  }

  /** What agent {@code i} printed so far (for failure messages). */
  List<String> agentOutput(int i) {
    return agents.get(i).output();
  }

  Pod pod(String name) {
    return client.pods().inNamespace("default").withName(name).get();
  }

  Pod awaitRunning(String name) {
    return Await.until("pod " + name + " to be Running", WAIT, () -> pod(name),
        p -> p != null && p.getStatus() != null && "Running".equals(p.getStatus().getPhase()) && p.getStatus().getPodIP() != null);
  }

  @Override
  public void close() throws Exception {
    Exception failure = null;
    if (client != null && !agents.isEmpty()) {
      try {
        for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
          // A killed agent confirms nothing: its pods are deleted at once (kubectl delete --force --grace-period=0).
          int node = nodeNames.indexOf(p.getSpec().getNodeName());
          long grace = node >= 0 && node < agents.size() && !agents.get(node).isAlive() ? 0 : 1;
          client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName()).withGracePeriod(grace).delete();
        }
        Await.until("every pod to be gone", WAIT, () -> client.pods().inAnyNamespace().list().getItems().isEmpty());
      } catch (Exception | AssertionError e) {
        failure = e instanceof Exception ex ? ex : new IllegalStateException(e);
      }
    }
    agents.forEach(SkiffProcess::close);
    killCgroupProcesses();
    if (underlay != null) {
      underlay.close();
    }
    for (AutoCloseable c : new AutoCloseable[] {controllers, client, plane, registryRelay, registry}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          failure = failure == null ? e : failure;
        }
      }
    }
    clearHost();
    if (failure != null) {
      throw failure;
    }
  }

  /** Pods' processes (pause and containers run in pod namespaces, not the agents'): everything in the agents' cgroups. */
  private void killCgroupProcesses() throws IOException {
    CgroupFs cgroups = CgroupFs.discover();
    for (String root : cgroupRoots) {
      for (Path cg : cgroups.directories(root)) {
        try (var s = Files.walk(cg)) {
          s.filter(p -> p.getFileName().toString().equals("cgroup.procs")).forEach(procs -> {
            try {
              for (String pid : Files.readAllLines(procs)) {
                if (!pid.isBlank()) {
                  ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
              }
            } catch (IOException ignored) {
              // gone meanwhile
            }
          });
        }
      }
    }
  }

  /** Mounts under the test's directory (overlays, pinned pod namespaces), cgroups, then the directory with runc's state. */
  private void clearHost() throws IOException {
    TestFiles.detachMounts(dir);
    CgroupFs cgroups = CgroupFs.discover();
    for (String root : cgroupRoots) {
      Await.until("cgroup " + root + " to be removable", Duration.ofSeconds(10), () -> {
        try {
          cgroups.removeTree(root);
          return true;
        } catch (RuntimeException e) {
          return false;
        }
      });
    }
    TestFiles.deleteTree(dir);
  }
}
