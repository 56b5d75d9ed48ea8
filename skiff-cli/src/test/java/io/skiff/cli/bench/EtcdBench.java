package io.skiff.cli.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.skiff.store.WriteResult;
import io.skiff.store.etcd.EtcdStore;
import io.skiff.store.etcd.EtcdStoreConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The figures of BENCHMARKS.md's etcd section, driven by {@code bench/etcd.sh}. Not a test.
 * <ul>
 *   <li>{@code api KUBECONFIG}: pod creates/s through a running skiff from 1 and 8 clients, and watch delivery delay
 *       (10 watchers x 300 changes); one {@code RESULT name value} line per figure.</li>
 *   <li>{@code store ENDPOINT}: creates/s of 2 KiB values straight through {@link EtcdStore} (skiff's etcd layer
 *       without the API server) from 1 and 8 threads.</li>
 * </ul>
 */
public final class EtcdBench {
  private EtcdBench() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "api" -> api(Path.of(args[1]));
      case "store" -> store(args[1]);
      default -> throw new IllegalArgumentException("usage: EtcdBench api KUBECONFIG | store ENDPOINT");
    }
  }

  private static void api(Path kubeconfig) throws Exception {
    try (KubernetesClient client = ApiBench.client(kubeconfig)) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build()).create();
      ApiBench.creates(client, "warm", 1, 200);
      result("api_creates_1", ApiBench.creates(client, "one", 1, 1000));
      List<KubernetesClient> clients = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        clients.add(ApiBench.client(kubeconfig));
      }
      result("api_creates_8", ApiBench.creates8(clients, "eight", 2000));
      clients.forEach(KubernetesClient::close);
      double[] watch = ApiBench.watchers(client, kubeconfig, 10, 300);
      result("watch_p50_ms", watch[0]);
      result("watch_p99_ms", watch[1]);
    }
  }

  private static void store(String endpoint) throws Exception {
    byte[] value = new byte[2048];
    Arrays.fill(value, (byte) 'x');
    try (EtcdStore store = EtcdStore.connect(EtcdStoreConfig.parse(endpoint, Optional.empty()))) {
      creates(store, "warm", 1, 200, value);
      result("store_creates_1", creates(store, "one", 1, 2000, value));
      result("store_creates_8", creates(store, "eight", 8, 4000, value));
    }
  }

  private static double creates(EtcdStore store, String label, int threads, int count, byte[] value) throws Exception {
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < threads; t++) {
        pool.submit(() -> {
          int i;
          while ((i = next.getAndIncrement()) < count) {
            if (!(store.create("/bench/" + label + "/" + i, value) instanceof WriteResult.Ok)) {
              throw new IllegalStateException("create " + i + " conflicted");
            }
          }
          return null;
        });
      }
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  private static void result(String name, double value) {
    System.out.printf("RESULT %s %.1f%n", name, value);
  }
}
