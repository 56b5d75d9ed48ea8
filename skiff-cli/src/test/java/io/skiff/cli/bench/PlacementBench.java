package io.skiff.cli.bench;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.skiff.scheduler.cache.ClusterCache;
import io.skiff.scheduler.framework.Placement;
import io.skiff.scheduler.framework.Placer;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.plugins.DefaultPlugins;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The scheduling algorithm alone, without the API server: N nodes (as hollow nodes report them) in the scheduler's
 * cache, then P pods placed one after another with the default profile, each assumed on its node as the scheduler
 * does before binding. Prints placements per second after a warm-up. Run:
 * {@code java -cp "skiff-cli/target/test-classes:skiff-cli/target/skiff.jar:skiff-cli/target/lib/*" io.skiff.cli.bench.PlacementBench NODES PODS}.
 */
public final class PlacementBench {
  public static void main(String[] args) {
    int nodes = Integer.parseInt(args[0]);
    int pods = Integer.parseInt(args[1]);
    for (int round = 0; round < 3; round++) {
      ClusterCache cache = new ClusterCache();
      for (int i = 0; i < nodes; i++) {
        cache.upsertNode(node("hollow-" + i));
      }
      Placer placer = new Placer(DefaultPlugins.profile(), new SplittableRandom(round));
      long start = System.nanoTime();
      int placed = 0;
      for (int i = 0; i < pods; i++) {
        Pod pod = pod("p-" + i);
        if (placer.place(PodInfo.of(pod), cache.snapshot()) instanceof Placement.Assigned a) {
          cache.assume(pod, a.nodeName());
          placed++;
        }
      }
      long ns = System.nanoTime() - start;
      System.out.printf("round %d: %d nodes, %d of %d pods placed in %d ms: %.0f placements/s%n", round, nodes, placed, pods, ns / 1_000_000,
          placed * 1e9 / ns);
    }
  }

  static Node node(String name) {
    return new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name).endMetadata()
        .withNewSpec().endSpec().withNewStatus()
        .addToAllocatable("cpu", new Quantity("4")).addToAllocatable("memory", new Quantity("16Gi")).addToAllocatable("pods", new Quantity("110"))
        .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
  }

  static Pod pod(String name) {
    return new PodBuilder().withNewMetadata().withNamespace("bench").withName(name).withUid(UUID.randomUUID().toString()).endMetadata()
        .withNewSpec().withSchedulerName("default-scheduler").addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.10")
        .withNewResources().addToRequests("cpu", new Quantity("10m")).addToRequests("memory", new Quantity("16Mi")).endResources()
        .endContainer().endSpec().withNewStatus().withPhase("Pending").endStatus().build();
  }
}
