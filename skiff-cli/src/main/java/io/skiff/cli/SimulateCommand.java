package io.skiff.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.skiff.common.SkiffException;
import io.skiff.kubelet.hollow.HollowCluster;
import io.skiff.kubelet.hollow.HollowConfig;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code skiff simulate --server URL --token T --nodes N}: N hollow nodes in this process, joined to a skiff server
 * with the token (the CA pinned by it, as {@code skiff agent} joins). Each registers a Node, renews its Lease and runs
 * the pods bound to it on an in-memory runtime whose containers start at once, reporting statuses and events as a
 * node does. Runs until Ctrl-C or SIGTERM.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Run hollow nodes: simulated nodes that register, keep their leases and report pods as running, without containers.")
final class SimulateCommand implements Callable<Integer> {

  @Mixin
  JoinOptions joining;

  @Option(names = "--nodes", required = true, description = "How many hollow nodes to run.")
  int nodes;

  @Option(names = "--name-prefix", defaultValue = "hollow-", description = "Node names are this prefix and an index (default: ${DEFAULT-VALUE}).")
  String namePrefix;

  @Option(names = "--first-index", defaultValue = "0", description = "The index of the first node (default: ${DEFAULT-VALUE}).")
  int firstIndex;

  @Override
  public Integer call() throws Exception {
    String joinToken = joining.joinToken().orElse(null);
    if (joinToken == null) {
      System.err.println("skiff simulate: --token or --token-file is required");
      return 2;
    }
    HollowConfig config;
    try {
      config = HollowConfig.of(namePrefix, nodes).withFirstIndex(firstIndex);
    } catch (IllegalArgumentException e) {
      System.err.println("skiff simulate: " + e.getMessage());
      return 2;
    }
    URI url = joining.serverUrl();
    KubernetesClient client;
    try {
      client = ClusterCa.client(url, joinToken, ClusterCa.fetch(url, joinToken));
    } catch (AgentCommand.JoinException e) {
      System.err.println("skiff simulate: " + e.getMessage());
      return 1;
    }
    HollowCluster cluster;
    long started = System.nanoTime();
    try {
      cluster = HollowCluster.start(client, config);
    } catch (SkiffException e) {
      client.close();
      System.err.println("skiff simulate: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      cluster.close();
      client.close();
      stopped.countDown();
    }, "skiff-simulate-shutdown"));
    System.out.println("skiff simulate: " + nodes + " hollow node(s) " + config.nodeName(firstIndex) + ".." + config.nodeName(firstIndex + nodes - 1)
        + " joined " + joining.server + " in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    System.out.flush();
    stopped.await();
    return 0;
  }
}
