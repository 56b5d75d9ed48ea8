package io.skiff.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.skiff.kubelet.hollow.HollowCluster;
import io.skiff.kubelet.hollow.HollowConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Not a test: an in-process control plane (API server on SQLite in a temp dir) with hollow nodes, for end-to-end tests
 * of the control plane's parts. Each part is a real fabric8 client of the API with a client of its own, as in a
 * server: the test's client, the hollow nodes', and the parts the test starts (a scheduler, the leader's controllers).
 * Closing stops everything in the reverse order of starting and deletes the directory.
 */
final class HollowTestCluster implements AutoCloseable {
  /** Starts a part of the control plane (a scheduler, controllers) on a client of its own. */
  @FunctionalInterface
  interface Part {
    AutoCloseable start(KubernetesClient client) throws Exception;
  }

  final Path dir;
  final ControlPlane plane;
  final KubernetesClient client;
  HollowCluster hollow;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private Kubectl kubectl;

  private HollowTestCluster(Path dir, ControlPlane plane, KubernetesClient client) {
    this.dir = dir;
    this.plane = plane;
    this.client = client;
  }

  /** A control plane with {@code nodes} hollow nodes and then {@code parts}, each on a client of its own. */
  static HollowTestCluster start(String name, HollowConfig nodes, Part... parts) throws Exception {
    Path dir = Files.createTempDirectory("skiff-" + name + "-it");
    ControlPlane plane = null;
    HollowTestCluster cluster = null;
    try {
      plane = ControlPlane.start(new ControlPlane.Config(dir, "127.0.0.1", 0, null));
      cluster = new HollowTestCluster(dir, plane, newClient(plane));
      KubernetesClient nodesClient = cluster.newClient();
      cluster.hollow = HollowCluster.start(nodesClient, nodes);
      cluster.started.push(cluster.hollow);
      for (Part part : parts) {
        KubernetesClient partClient = cluster.newClient();
        cluster.started.push(part.start(partClient));
      }
      return cluster;
    } catch (Exception | Error e) {
      try {
        if (cluster != null) {
          cluster.close();
        } else {
          if (plane != null) {
            plane.close();
          }
          TestFiles.deleteTree(dir);
        }
      } catch (Exception cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** A new client of the cluster, closed with it. */
  KubernetesClient newClient() throws Exception {
    KubernetesClient c = newClient(plane);
    started.push(c);
    return c;
  }

  private static KubernetesClient newClient(ControlPlane plane) throws Exception {
    Config config = Config.fromKubeconfig(Files.readString(plane.kubeconfig()));
    config.setOnlyHttpWatches(true);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The newest kubectl for this cluster. */
  Kubectl kubectl() throws Exception {
    if (kubectl == null) {
      kubectl = new Kubectl(Kubectl.NEWEST, plane.kubeconfig(), Files.createTempDirectory(dir, "kubectl-cache"));
    }
    return kubectl;
  }

  @Override
  public void close() throws Exception {
    Exception failure = null;
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        failure = failure == null ? e : failure;
      }
    }
    for (AutoCloseable c : new AutoCloseable[] {client, plane}) {
      try {
        c.close();
      } catch (Exception e) {
        failure = failure == null ? e : failure;
      }
    }
    TestFiles.deleteTree(dir);
    if (failure != null) {
      throw failure;
    }
  }
}
