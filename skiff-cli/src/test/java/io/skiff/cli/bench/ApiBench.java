package io.skiff.cli.bench;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API server benchmark of BENCHMARKS.md, run against a running {@code skiff up}:
 * {@code java -cp "skiff-cli/target/test-classes:skiff-cli/target/skiff.jar:skiff-cli/target/lib/*" io.skiff.cli.bench.ApiBench KUBECONFIG PID}.
 * It prints one line per figure. Not a test: figures go to BENCHMARKS.md.
 */
public final class ApiBench {

  public static void main(String[] args) throws Exception {
    Path kubeconfig = Path.of(args[0]);
    long pid = Long.parseLong(args[1]);
    try (KubernetesClient client = client(kubeconfig)) {
      System.out.printf("idle RSS: %d MiB%n", rssMiB(pid));
      if (client.namespaces().withName("bench").get() == null) {
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build())
            .create();
      }
      creates(client, "one-client", 1, 1000);
      List<KubernetesClient> clients = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        clients.add(client(kubeconfig));
      }
      creates8(clients, "eight-clients", 1000);
      creates8(clients, "fill", 8000);
      int total = client.pods().inNamespace("bench").list().getItems().size();
      System.out.printf("pods stored: %d%n", total);
      lists(client, 20);
      System.out.printf("RSS with %d pods: %d MiB%n", total, rssMiB(pid));
      watchers(client, kubeconfig, 100, 1000);
      for (KubernetesClient c : clients) {
        c.close();
      }
    }
  }

  static KubernetesClient client(Path kubeconfig) throws Exception {
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    config.setOnlyHttpWatches(true);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static Pod pod(String name) {
    return new PodBuilder().withNewMetadata().withName(name).addToLabels("app", "bench").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("busybox:1.36").withCommand("sleep", "3600").endContainer().endSpec().build();
  }

  /** Creates {@code count} pods one after another; returns creates/s. */
  static double creates(KubernetesClient client, String label, int clients, int count) {
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      client.pods().inNamespace("bench").resource(pod(label + "-" + i)).create();
    }
    double s = (System.nanoTime() - start) / 1e9;
    System.out.printf("creates, %d client(s): %d in %.2f s = %.0f creates/s%n", clients, count, s, count / s);
    return count / s;
  }

  /** Creates {@code count} pods from the clients in parallel; returns creates/s. */
  static double creates8(List<KubernetesClient> clients, String label, int count) throws Exception {
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (KubernetesClient c : clients) {
        pool.submit(() -> {
          int i;
          while ((i = next.getAndIncrement()) < count) {
            c.pods().inNamespace("bench").resource(pod(label + "-" + i)).create();
          }
          return null;
        });
      }
    }
    double s = (System.nanoTime() - start) / 1e9;
    System.out.printf("creates, %d clients: %d in %.2f s = %.0f creates/s%n", clients.size(), count, s, count / s);
    return count / s;
  }

  private static void lists(KubernetesClient client, int rounds) {
    List<Double> ms = new ArrayList<>();
    int size = 0;
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      size = client.pods().inNamespace("bench").list().getItems().size();
      ms.add((System.nanoTime() - start) / 1e6);
    }
    Collections.sort(ms);
    System.out.printf("list of %d pods (fabric8, JSON, decoded): p50 %.0f ms, p99 %.0f ms%n", size, ms.get(ms.size() / 2), ms.get(ms.size() - 1));
  }

  /** Delivery delay of {@code changes} updates of one ConfigMap to {@code watchers} watches; returns {p50, p99} in ms. */
  static double[] watchers(KubernetesClient client, Path kubeconfig, int watchers, int changes) throws Exception {
    client.configMaps().inNamespace("bench").resource(new ConfigMapBuilder().withNewMetadata().withName("ticker").endMetadata()
        .addToData("t", "0").build()).create();
    ConcurrentLinkedQueue<Double> delays = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(watchers * changes);
    List<Watch> open = new ArrayList<>();
    List<KubernetesClient> watchClients = new ArrayList<>();
    for (int i = 0; i < watchers; i++) {
      KubernetesClient wc = i % 10 == 0 ? client(kubeconfig) : watchClients.get(watchClients.size() - 1);
      if (i % 10 == 0) {
        watchClients.add(wc);
      }
      open.add(wc.configMaps().inNamespace("bench").withName("ticker").watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, ConfigMap cm) {
          if (action == Action.MODIFIED) {
            long sent = Long.parseLong(cm.getData().get("t"));
            delays.add((System.nanoTime() - sent) / 1e6);
            done.countDown();
          }
        }

        @Override
        public void onClose(WatcherException cause) {}
      }));
    }
    Thread.sleep(1000);
    for (int i = 0; i < changes; i++) {
      client.configMaps().inNamespace("bench").withName("ticker").edit(c -> {
        c.getData().put("t", Long.toString(System.nanoTime()));
        return c;
      });
    }
    boolean all = done.await(120, TimeUnit.SECONDS);
    List<Double> sorted = new ArrayList<>(delays);
    Collections.sort(sorted);
    System.out.printf("watch delivery, %d watchers x %d changes (%d delivered%s): p50 %.1f ms, p99 %.1f ms%n", watchers, changes, sorted.size(),
        all ? "" : ", INCOMPLETE", sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.99)));
    open.forEach(Watch::close);
    watchClients.forEach(KubernetesClient::close);
    return new double[] {sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.99))};
  }

  private static long rssMiB(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }
}
