package io.skiff.cli.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.skiff.scheduler.Scheduler;
import io.skiff.scheduler.SchedulerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The scale benchmark of BENCHMARKS.md ("Issue 7 — scale"), run by {@code bench/scale.sh} against a running {@code skiff
 * up --disable-agent} and a {@code skiff simulate} of N hollow nodes:
 * {@code java -cp "skiff-cli/target/test-classes:skiff-cli/target/skiff.jar:skiff-cli/target/lib/*" io.skiff.cli.bench.ScaleBench
 * KUBECONFIG SERVER_PID SIMULATE_PID NODES SCHED_PODS BURST_PODS [FILL_PODS]} (with BURST_PODS 0 only the first measurement
 * runs; with FILL_PODS, pods are then added for the server's scheduler until the cluster holds that many, all Running,
 * before memory is measured).
 *
 * <ol>
 *   <li>Scheduling throughput, measured as Kubernetes' scheduler_perf does: SCHED_PODS pods are created for a scheduler
 *       that is not running yet, then a scheduler (this process, its own fabric8 client, the default profile) starts and
 *       the time from its informers' sync to the last binding seen by a watch (a client that decodes only the node name,
 *       so that it adds little to the scheduler process's CPU) gives pods/s. Twice: once with the
 *       simulation process stopped (SIGSTOP; no kubelet reacts, as in scheduler_perf), once with the hollow nodes
 *       starting every pod as it is bound (the whole system).</li>
 *   <li>End to end: BURST_PODS pods created by 16 concurrent clients for the server's own scheduler; the time until all
 *       are Running on the hollow nodes, and the latency of the creates (mutating calls) against the SLO of 1 s at p99.</li>
 *   <li>Steady state: 300 single-object mutating calls (a label patch, one at a time) while the nodes renew their
 *       leases, against the SLO of 1 s at p99.</li>
 *   <li>Memory: the RSS of the control plane and of the simulation with the nodes and every pod, and the control
 *       plane's live heap after a full GC.</li>
 * </ol>
 * Not a test: the figures go to BENCHMARKS.md.
 */
public final class ScaleBench {
  private static final String BENCH_SCHEDULER = "skiff-bench-scheduler";
  private static final String WARMUP_SCHEDULER = "skiff-bench-warmup-scheduler";

  public static void main(String[] args) throws Exception {
    Path kubeconfig = Path.of(args[0]);
    long serverPid = Long.parseLong(args[1]);
    long simulatePid = Long.parseLong(args[2]);
    int nodes = Integer.parseInt(args[3]);
    int schedPods = Integer.parseInt(args[4]);
    int burstPods = Integer.parseInt(args[5]);
    int fillPods = args.length > 6 ? Integer.parseInt(args[6]) : 0;
    try (KubernetesClient client = client(kubeconfig)) {
      long t0 = System.nanoTime();
      while (readyNodes(client) < nodes) {
        Thread.sleep(500);
      }
      System.out.printf("nodes Ready: %d (waited %d ms)%n", nodes, ms(System.nanoTime() - t0));
      System.out.printf("RSS with %d nodes, no pods: control plane %d MiB, simulation %d MiB%n", nodes, rssMiB(serverPid), rssMiB(simulatePid));
      namespace(client, "bench-paused");
      namespace(client, "bench-live");
      namespace(client, "bench-e2e");
      schedulingThroughput(client, kubeconfig, "bench-paused", schedPods, simulatePid, serverPid);
      if (burstPods > 0) {
        schedulingThroughput(client, kubeconfig, "bench-live", schedPods, -1, serverPid);
        endToEnd(client, burstPods);
        steadyPatches(client, Math.min(300, burstPods));
      }
      int total = client.pods().inAnyNamespace().list().getItems().size();
      if (fillPods > total) {
        namespace(client, "bench-fill");
        long t = System.nanoTime();
        List<Long> latencies = create(client, "bench-fill", fillPods - total, null);
        waitRunning(client, "bench-fill", fillPods - total);
        System.out.printf("filled to %d pods: %d more created (creates p50 %d ms, p99 %d ms), all Running after %d ms%n", fillPods,
            fillPods - total, pct(latencies, 50), pct(latencies, 99), ms(System.nanoTime() - t));
        total = client.pods().inAnyNamespace().list().getItems().size();
      }
      System.out.printf("RSS with %d nodes and %d pods: control plane %d MiB, simulation %d MiB; control plane live heap after a full GC: %s%n",
          nodes, total, rssMiB(serverPid), rssMiB(simulatePid), liveHeap(serverPid));
    }
  }

  private static void schedulingThroughput(KubernetesClient client, Path kubeconfig, String namespace, int count, long pausePid, long serverPid)
      throws Exception {
    List<Long> latencies = create(client, namespace, count, BENCH_SCHEDULER);
    System.out.printf("[%s] created %d pods for the stopped scheduler: creates p50 %d ms, p99 %d ms%n", namespace, count, pct(latencies, 50),
        pct(latencies, 99));
    int warmup = Integer.getInteger("skiff.bench.warmup", 0);
    if (warmup > 0) {
      namespace(client, namespace + "-warmup");
      create(client, namespace + "-warmup", warmup, WARMUP_SCHEDULER);
    }
    if (pausePid > 0) {
      signal("STOP", pausePid);
    }
    if (warmup > 0) {
      warmUp(client, kubeconfig, namespace + "-warmup", warmup);
    }
    Set<String> bound = ConcurrentHashMap.newKeySet();
    long[] lastBound = new long[1];
    try (KubernetesClient observer = observer(kubeconfig); Watch w = observer.pods().inNamespace(namespace).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        String node = pod.getSpec().getNodeName();
        if (node != null && !node.isEmpty() && bound.add(pod.getMetadata().getUid())) {
          synchronized (lastBound) {
            lastBound[0] = System.nanoTime();
          }
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    }); KubernetesClient schedulerClient = client(kubeconfig)) {
      long start = System.nanoTime();
      java.time.Instant wallStart = java.time.Instant.now();
      long serverCpu0 = cpuMillis(serverPid);
      long benchCpu0 = cpuMillis(ProcessHandle.current().pid());
      SchedulerConfig defaults = SchedulerConfig.defaults();
      SchedulerConfig config = new SchedulerConfig(BENCH_SCHEDULER, "bench", defaults.backoff(), defaults.maxUnschedulable(),
          Duration.ofMinutes(2), defaults.clock());
      if (Integer.getInteger("skiff.bench.percentageOfNodesToScore") != null) {
        // -Dskiff.bench.percentageOfNodesToScore=P: the measured scheduler's percentageOfNodesToScore (default: adaptive)
        config = config.withPercentageOfNodesToScore(Integer.getInteger("skiff.bench.percentageOfNodesToScore"));
      }
      try (Scheduler scheduler = Scheduler.start(schedulerClient, config)) {
        long synced = System.nanoTime();
        while (bound.size() < count) {
          Thread.sleep(20);
        }
        long end;
        synchronized (lastBound) {
          end = lastBound[0];
        }
        System.out.printf("[%s] scheduler (%s): informers synced in %d ms; %d pods bound in %d ms after sync: %.0f pods/s (%.0f pods/s "
                + "counting from start)%n", namespace, pausePid > 0 ? "hollow nodes stopped" : "hollow nodes running", ms(synced - start), count,
            ms(end - synced), count * 1e9 / (end - synced), count * 1e9 / (end - start));
        double serverPerPod = (cpuMillis(serverPid) - serverCpu0) / (double) count;
        double benchPerPod = (cpuMillis(ProcessHandle.current().pid()) - benchCpu0) / (double) count;
        System.out.printf("[%s] CPU per scheduled pod: control plane %.2f ms, scheduler process %.2f ms (bound on %d cores, if nothing "
            + "else ran: %.0f pods/s)%n", namespace, serverPerPod, benchPerPod, Runtime.getRuntime().availableProcessors(),
            Runtime.getRuntime().availableProcessors() * 1000 / (serverPerPod + benchPerPod));
        System.out.printf("[%s] measured from %s to %s (to pick a JFR recording's samples of this window)%n", namespace, wallStart,
            java.time.Instant.now());
      }
    } finally {
      if (pausePid > 0) {
        signal("CONT", pausePid);
      }
    }
    if (Boolean.getBoolean("skiff.bench.skipRunning")) {
      // -Dskiff.bench.skipRunning=true: do not wait for the hollow nodes to start the pods (shorter runs when only the
      // scheduler's figures are wanted)
      return;
    }
    long runningStart = System.nanoTime();
    waitRunning(client, namespace, count);
    System.out.printf("[%s] hollow nodes: all %d Running %d ms after the last binding was seen%n", namespace, count,
        ms(System.nanoTime() - runningStart));
  }

  /**
   * -Dskiff.bench.warmup=N: before the measurement, a first scheduler in this JVM schedules N pods of its own (another
   * schedulerName), so that the measured scheduler runs JIT-compiled code, as a scheduler that has been running for a
   * while does (scheduler_perf likewise measures a scheduler that has already placed the workload's initial pods).
   */
  private static void warmUp(KubernetesClient client, Path kubeconfig, String namespace, int count) throws Exception {
    long t = System.nanoTime();
    SchedulerConfig defaults = SchedulerConfig.defaults();
    try (KubernetesClient schedulerClient = client(kubeconfig);
         Scheduler scheduler = Scheduler.start(schedulerClient, new SchedulerConfig(WARMUP_SCHEDULER, "bench-warmup", defaults.backoff(),
             defaults.maxUnschedulable(), Duration.ofMinutes(2), defaults.clock()))) {
      while (client.pods().inNamespace(namespace).list().getItems().stream()
          .anyMatch(p -> p.getSpec().getNodeName() == null || p.getSpec().getNodeName().isEmpty())) {
        Thread.sleep(500);
      }
    }
    System.out.printf("[%s] warm-up: a first scheduler in this JVM placed %d pods in %d ms%n", namespace, count, ms(System.nanoTime() - t));
  }

  private static void steadyPatches(KubernetesClient client, int count) {
    List<Long> latencies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "p-" + i;
      Pod named = new PodBuilder().withNewMetadata().withNamespace("bench-e2e").withName(name).endMetadata().build();
      long t = System.nanoTime();
      client.pods().inNamespace("bench-e2e").resource(named).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"touched\":\"" + i + "\"}}}");
      latencies.add(ms(System.nanoTime() - t));
    }
    System.out.printf("steady state: %d label patches (JSON merge, one request each) one at a time: p50 %d ms, p99 %d ms, max %d ms (SLO: p99 <= 1000 ms)%n", count,
        pct(latencies, 50), pct(latencies, 99), Collections.max(latencies));
  }

  private static void signal(String signal, long pid) throws Exception {
    new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
  }

  private static String liveHeap(long pid) throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true).start().waitFor();
    Process p = new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
    return m.find() ? Long.parseLong(m.group(1)) / 1024 + " MiB" : "unknown";
  }

  private static void endToEnd(KubernetesClient client, int count) throws Exception {
    long start = System.nanoTime();
    List<Long> latencies = create(client, "bench-e2e", count, null);
    long created = System.nanoTime();
    waitRunning(client, "bench-e2e", count);
    long running = System.nanoTime();
    System.out.printf("burst of %d pods from 16 clients: created in %d ms (%.0f creates/s), creates p50 %d ms, p99 %d ms, max %d ms; "
            + "all Running %d ms after the first create: %.0f pods/s create-to-Running%n",
        count, ms(created - start), count * 1e9 / (created - start), pct(latencies, 50), pct(latencies, 99), Collections.max(latencies),
        ms(running - start), count * 1e9 / (running - start));
  }

  private static List<Long> create(KubernetesClient client, String namespace, int count, String schedulerName) throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    try (ExecutorService creators = Executors.newFixedThreadPool(16)) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Pod pod = pod(namespace, "p-" + i, schedulerName);
        done.add(creators.submit(() -> {
          long t = System.nanoTime();
          client.pods().inNamespace(namespace).resource(pod).create();
          latencies.add(ms(System.nanoTime() - t));
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    return latencies;
  }

  private static void waitRunning(KubernetesClient client, String namespace, int count) throws InterruptedException {
    while (client.pods().inNamespace(namespace).withField("status.phase", "Running").list().getItems().size() < count) {
      Thread.sleep(500);
    }
  }

  static Pod pod(String namespace, String name, String schedulerName) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).addToLabels("app", "bench").endMetadata()
        .withNewSpec().withSchedulerName(schedulerName)
        .addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.10")
        .withNewResources().addToRequests("cpu", new Quantity("10m")).addToRequests("memory", new Quantity("16Mi")).endResources()
        .endContainer().endSpec().build();
  }

  private static long readyNodes(KubernetesClient client) {
    return client.nodes().list().getItems().stream().filter(n -> n.getStatus() != null && n.getStatus().getConditions() != null
        && n.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))).count();
  }

  private static void namespace(KubernetesClient client, String name) {
    if (client.namespaces().withName(name).get() == null) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }
  }

  private static long pct(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private static KubernetesClient client(Path kubeconfig) throws Exception {
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    // -Dskiff.bench.http11=true: the clients speak HTTP/1.1 instead of HTTP/2 (to compare the client's cost per pod)
    config.setHttp2Disable(Boolean.getBoolean("skiff.bench.http11"));
    config.setOnlyHttpWatches(true);
    config.setRequestTimeout(120_000);
    KubernetesClientBuilder builder = new KubernetesClientBuilder().withConfig(config);
    if (Boolean.getBoolean("skiff.bench.blackbird")) {
      // -Dskiff.bench.blackbird=true: the clients' mapper as the in-process components have it (generated accessors)
      builder.withKubernetesSerialization(io.skiff.cli.LoopbackClient.serialization());
    }
    return builder.build();
  }

  /**
   * The client whose watch sees the bindings, in the same process as the measured scheduler: of each watch event it
   * decodes only what it reads (uid, name, namespace, resourceVersion, nodeName), so that the observer adds little to
   * the scheduler process's CPU per pod.
   */
  private static KubernetesClient observer(Path kubeconfig) throws Exception {
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    config.setOnlyHttpWatches(true);
    config.setRequestTimeout(120_000);
    return new KubernetesClientBuilder().withConfig(config).withKubernetesSerialization(new BindingsOnly()).build();
  }

  /** Watch events decoded into pods that carry only what the observer reads; errors and everything else as fabric8 does. */
  private static final class BindingsOnly extends io.fabric8.kubernetes.client.utils.KubernetesSerialization {
    private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();

    @Override
    @SuppressWarnings("unchecked")
    public <T> T unmarshal(String str, Class<T> type) {
      if (type != io.fabric8.kubernetes.api.model.WatchEvent.class) {
        return super.unmarshal(str, type);
      }
      String eventType = null;
      Pod pod = new PodBuilder().withNewMetadata().endMetadata().withNewSpec().endSpec().build();
      String kind = null;
      try (com.fasterxml.jackson.core.JsonParser p = JSON.createParser(str)) {
        p.nextToken();
        while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
          String field = p.currentName();
          p.nextToken();
          if (field.equals("type")) {
            eventType = p.getText();
          } else if (field.equals("object")) {
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
              String f = p.currentName();
              p.nextToken();
              switch (f) {
                case "kind" -> kind = p.getText();
                case "metadata" -> {
                  while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    String m = p.currentName();
                    p.nextToken();
                    switch (m) {
                      case "name" -> pod.getMetadata().setName(p.getText());
                      case "namespace" -> pod.getMetadata().setNamespace(p.getText());
                      case "uid" -> pod.getMetadata().setUid(p.getText());
                      case "resourceVersion" -> pod.getMetadata().setResourceVersion(p.getText());
                      default -> p.skipChildren();
                    }
                  }
                }
                case "spec" -> {
                  while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    String m = p.currentName();
                    p.nextToken();
                    if (m.equals("nodeName")) {
                      pod.getSpec().setNodeName(p.getText());
                    } else {
                      p.skipChildren();
                    }
                  }
                }
                default -> p.skipChildren();
              }
            }
          } else {
            p.skipChildren();
          }
        }
      } catch (java.io.IOException e) {
        return super.unmarshal(str, type);
      }
      if (!"Pod".equals(kind) || "ERROR".equals(eventType)) {
        return super.unmarshal(str, type);
      }
      return (T) new io.fabric8.kubernetes.api.model.WatchEvent(pod, eventType);
    }
  }

  /** User plus system CPU time the process used so far (from /proc; clock ticks of 10 ms). */
  private static long cpuMillis(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
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
