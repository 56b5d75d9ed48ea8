package io.skiff.cli.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The pod benchmark of BENCHMARKS.md (issue 4), run against a running {@code skiff up} with a local node and the
 * image {@code busybox:1.36} present: {@code bench/pods.sh} runs it and podman in the same run.
 * Figures: create → Running seen by a watch (sequential, p50/p99), the seed's init-pod overhead over its 4 s of
 * sleeps, 100 pods at once until all Running, memory per pod beyond its own processes (conmon + pause PSS), and
 * delete → gone for a pod that exits on SIGTERM.
 */
public final class PodBench {
  private static final String NS = "default";
  private static final Map<String, Long> RUNNING = new ConcurrentHashMap<>();
  private static final Map<String, Long> READY = new ConcurrentHashMap<>();
  private static final Map<String, Long> GONE = new ConcurrentHashMap<>();
  private static final Map<String, Long> BOUND = new ConcurrentHashMap<>();
  private static final Map<String, Long> NODE_STATUS = new ConcurrentHashMap<>();
  /** Wall-clock times (comparable with the agent's log) of each pod's create request and of the watch seeing it Running. */
  private static final Map<String, Instant> CREATED_AT = new ConcurrentHashMap<>();
  private static final Map<String, Instant> RUNNING_AT = new ConcurrentHashMap<>();
  /** The local node's runtime state ({@code <data dir>/runtime/sandboxes}, beside the kubeconfig). */
  private static Path sandboxes;

  public static void main(String[] args) throws Exception {
    Path kubeconfig = Path.of(args[0]);
    sandboxes = kubeconfig.toAbsolutePath().getParent().resolve("runtime").resolve("sandboxes");
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    List<String> phases = List.of((args.length > 2 ? args[2] : "sequential,init,burst,delete").split(","));
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    config.setOnlyHttpWatches(true);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        Watch watch = client.pods().inNamespace(NS).withLabel("bench", "pods").watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, Pod pod) {
            long now = System.nanoTime();
            Instant wall = Instant.now();
            String name = pod.getMetadata().getName();
            if (pod.getSpec().getNodeName() != null) {
              BOUND.putIfAbsent(name, now);
            }
            if (pod.getStatus() != null && pod.getStatus().getHostIP() != null) {
              NODE_STATUS.putIfAbsent(name, now);
            }
            if (action == Action.DELETED) {
              GONE.putIfAbsent(name, now);
            } else if (pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())) {
              RUNNING.putIfAbsent(name, now);
              RUNNING_AT.putIfAbsent(name, wall);
              if (pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
                READY.putIfAbsent(name, now);
              }
            }
          }

          @Override
          public void onClose(WatcherException cause) {}
        })) {
      if (phases.contains("sequential")) {
        sequential(client, n);
      }
      if (phases.contains("init")) {
        initPod(client);
      }
      if (phases.contains("burst")) {
        burst(client, 100);
      }
      if (phases.contains("delete")) {
        delete(client);
      }
    }
  }

  private static Pod pod(String name, List<String> command) {
    return new PodBuilder().withNewMetadata().withName(name).addToLabels("bench", "pods").endMetadata()
        .withNewSpec().withTerminationGracePeriodSeconds(30L).addNewContainer().withName("app").withImage("busybox:1.36").withCommand(command)
        .endContainer().endSpec().build();
  }

  private static long await(Map<String, Long> seen, String name, long start) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!seen.containsKey(name)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("pod " + name + " not seen in 120 s");
      }
      Thread.sleep(1);
    }
    return seen.get(name) - start;
  }

  /**
   * The raw floor on demand (skiff-runtime's {@code PodStartBenchmark serve}), when {@code -Dpods.floor} gives its
   * command line: one floor pod is made right before each skiff pod, so both see the same machine load.
   */
  private static final class Floor implements AutoCloseable {
    private final Process process;
    private final java.io.BufferedReader out;
    private final java.io.PrintWriter in;

    Floor(String command) throws IOException {
      String log = System.getProperty("pods.floorLog");
      process = new ProcessBuilder(command.split(" "))
          .redirectError(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.appendTo(new java.io.File(log))).start();
      out = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
      in = new java.io.PrintWriter(process.getOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8);
      for (String line = out.readLine(); !"ready".equals(line); line = out.readLine()) {
        if (line == null) {
          throw new IllegalStateException("the floor benchmark ended before it was ready: " + command);
        }
      }
    }

    double run() throws IOException {
      in.println("run");
      String line = out.readLine();
      if (line == null) {
        throw new IOException("the floor benchmark ended" + (System.getProperty("pods.floorLog") == null ? ""
            : " (its output: " + System.getProperty("pods.floorLog") + ")"));
      }
      return Double.parseDouble(line);
    }

    @Override
    public void close() throws Exception {
      in.close();
      process.waitFor(120, TimeUnit.SECONDS);
    }
  }

  private static void sequential(KubernetesClient client, int n) throws Exception {
    String floorCommand = System.getProperty("pods.floor");
    Floor floor = floorCommand == null ? null : new Floor(floorCommand);
    List<Double> floorMs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String name = "warm-" + i;
      long start = System.nanoTime();
      client.pods().inNamespace(NS).resource(pod(name, List.of("/bin/sleep", "3600"))).create();
      await(RUNNING, name, start);
    }
    String skiffPid = System.getProperty("pods.skiffPid");
    Map<String, Double> cpuBefore = skiffPid == null ? null : ProcessCpu.byKind(Long.parseLong(skiffPid));
    List<Double> ms = new ArrayList<>();
    List<Double> bound = new ArrayList<>();
    List<Double> nodeStatus = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (floor != null) {
        try {
          floorMs.add(floor.run());
        } catch (IOException e) {
          // skiff's pods go on (and are cleaned up); the ratio is then over the floor pods made so far
          System.out.println("  " + e.getMessage() + " after " + floorMs.size() + " floor pods");
          floor = null;
        }
      }
      String name = "seq-" + i;
      long start = System.nanoTime();
      CREATED_AT.put(name, Instant.now());
      client.pods().inNamespace(NS).resource(pod(name, List.of("/bin/sleep", "3600"))).create();
      ms.add(await(RUNNING, name, start) / 1e6);
      bound.add(await(BOUND, name, start) / 1e6);
      nodeStatus.add(await(NODE_STATUS, name, start) / 1e6);
    }
    if (cpuBefore != null) {
      System.out.println("  CPU of the skiff process per pod (threads of the JIT, GC, the rest): "
          + ProcessCpu.perOperation(cpuBefore, ProcessCpu.byKind(Long.parseLong(skiffPid)), n));
    }
    Collections.sort(ms);
    Collections.sort(bound);
    Collections.sort(nodeStatus);
    System.out.printf("pod create -> Running (watch), %d pods one after another: p50 %.0f ms, p99 %.0f ms, min %.0f ms%n", n,
        ms.get(ms.size() / 2), ms.get(Math.min(ms.size() - 1, (int) Math.ceil(ms.size() * 0.99) - 1)), ms.get(0));
    System.out.printf("  where the time goes (p50 from create): bound %.0f ms, first status from the node %.0f ms, Running %.0f ms%n",
        bound.get(bound.size() / 2), nodeStatus.get(nodeStatus.size() / 2), ms.get(ms.size() / 2));
    if (!floorMs.isEmpty()) {
      if (floor != null) {
        floor.close();
      }
      Collections.sort(floorMs);
      double skiffP50 = ms.get(ms.size() / 2);
      double floorP50 = floorMs.get(floorMs.size() / 2);
      System.out.printf("  the raw floor, one pod right before each skiff pod: p50 %.0f ms, p99 %.0f ms; skiff p50 / floor p50 = %.2f%n", floorP50,
          floorMs.get(Math.min(floorMs.size() - 1, (int) Math.ceil(floorMs.size() * 0.99) - 1)), skiffP50 / floorP50);
    }
    String agentLog = System.getProperty("pods.agentLog");
    if (agentLog != null) {
      StartupSteps.print(Path.of(agentLog), CREATED_AT, RUNNING_AT, System.out);
    }
    System.out.printf("memory per pod beyond its own processes (conmon + pause, PSS): %.2f MiB over %d pods%n", overheadPssMiB() / (n + 5), n + 5);
    client.pods().inNamespace(NS).withLabel("bench", "pods").withGracePeriod(0).delete();
    awaitNoPods(client);
  }

  /** The seed's init-pod, three times (the first one after the previous phase's teardown); the median is the figure. */
  private static void initPod(KubernetesClient client) throws Exception {
    List<Double> overheads = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String name = "init-pod-" + i;
      Pod p = new PodBuilder().withNewMetadata().withName(name).addToLabels("bench", "pods").endMetadata().withNewSpec()
          .addNewInitContainer().withName("centos1").withImage("busybox:1.36").withCommand("/bin/sh", "-c", "echo 123 && sleep 2").endInitContainer()
          .addNewInitContainer().withName("centos2").withImage("busybox:1.36").withCommand("/bin/sh", "-c", "echo 456 && sleep 2").endInitContainer()
          .addNewContainer().withName("centos3").withImage("busybox:1.36").withCommand("/bin/sh", "-c", "echo system is running && sleep 3600").endContainer()
          .endSpec().build();
      long start = System.nanoTime();
      CREATED_AT.put(name, Instant.now());
      client.pods().inNamespace(NS).resource(p).create();
      double ms = await(READY, name, start) / 1e6;
      RUNNING_AT.putIfAbsent(name, CREATED_AT.get(name).plusNanos(await(RUNNING, name, start)));
      overheads.add(ms - 4000);
      client.pods().inNamespace(NS).withName(name).withGracePeriod(0).delete();
      awaitNoPods(client);
    }
    List<Double> sorted = new ArrayList<>(overheads);
    Collections.sort(sorted);
    System.out.printf("seed init-pod: Ready minus its 4 s of sleeps, median of 3: %.0f ms (runs: %s)%n", sorted.get(1),
        overheads.stream().map(d -> String.format("%.0f", d)).toList());
    String agentLog = System.getProperty("pods.agentLog");
    if (agentLog != null) {
      Map<String, Instant> created = new java.util.HashMap<>();
      CREATED_AT.forEach((k, v) -> {
        if (k.startsWith("init-pod-")) {
          created.put(k, v);
        }
      });
      StartupSteps.print(Path.of(agentLog), created, RUNNING_AT, System.out);
    }
  }

  private static void burst(KubernetesClient client, int n) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      client.pods().inNamespace(NS).resource(pod("burst-" + i, List.of("/bin/sleep", "3600"))).create();
    }
    long last = 0;
    for (int i = 0; i < n; i++) {
      last = Math.max(last, await(RUNNING, "burst-" + i, start));
    }
    System.out.printf("%d pods created at once: all Running after %.2f s%n", n, last / 1e9);
    client.pods().inNamespace(NS).withLabel("bench", "pods").withGracePeriod(0).delete();
    awaitNoPods(client);
  }

  private static void delete(KubernetesClient client) throws Exception {
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String name = "term-" + i;
      client.pods().inNamespace(NS).resource(pod(name, List.of("/bin/sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.1; done"))).create();
      await(RUNNING, name, System.nanoTime());
      long start = System.nanoTime();
      client.pods().inNamespace(NS).withName(name).delete();
      ms.add(await(GONE, name, start) / 1e6);
    }
    Collections.sort(ms);
    System.out.printf("delete of a pod that exits on SIGTERM -> gone (watch): p50 %.0f ms over %d pods%n", ms.get(ms.size() / 2), ms.size());
  }

  /** Waits until the pods are gone from the API and the node has torn them down, so phases do not overlap. */
  private static void awaitNoPods(KubernetesClient client) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!client.pods().inNamespace(NS).withLabel("bench", "pods").list().getItems().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    while ((overheadPssMiB() > 0 || sandboxesLeft()) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    Thread.sleep(1000);
  }

  /** Whether the node's runtime still has sandboxes (torn down after the pods left the API). */
  private static boolean sandboxesLeft() throws IOException {
    if (!Files.isDirectory(sandboxes)) {
      return false;
    }
    try (Stream<Path> s = Files.list(sandboxes)) {
      return s.findAny().isPresent();
    }
  }

  /** The PSS of every conmon and pause (catatonit) process: what skiff adds to each pod's own processes. */
  static double overheadPssMiB() throws IOException {
    long kb = 0;
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
        try {
          String comm = Files.readString(p.resolve("comm")).strip();
          if (comm.equals("conmon") || comm.equals("catatonit")) {
            for (String line : Files.readAllLines(p.resolve("smaps_rollup"))) {
              if (line.startsWith("Pss:")) {
                kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
              }
            }
          }
        } catch (IOException e) {
          // the process ended meanwhile
        }
      }
    }
    return kb / 1024.0;
  }
}
