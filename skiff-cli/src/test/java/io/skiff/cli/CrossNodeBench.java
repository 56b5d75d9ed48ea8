package io.skiff.cli;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.runtime.host.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not a test: the benchmark of {@code bench/netnodes.sh}, as root. One run, on a two-agent {@link MultiNodeCluster}:
 * a 100 MB HTTP transfer (busybox httpd to busybox wget, ten per timed run, best and median of 7 runs) and ping round trips (200 with
 * {@code -A}) between pods on different nodes, between pods on the same node, and between the two agents' network
 * namespaces directly over the underlay veths without skiff (the floor the pod path adds to).
 */
public final class CrossNodeBench {
  private static final int RUNS = 7;
  private static final int MB = 100;
  /** Fetches per timed run: busybox's {@code time} counts centiseconds, so one run moves 1 GB. */
  private static final int FETCHES = 10;
  private static final Pattern REAL = Pattern.compile("real\\s+(\\d+)m\\s*([\\d.]+)s");
  private static final Pattern RTT = Pattern.compile("min/avg/max = ([\\d.]+)/([\\d.]+)/([\\d.]+) ms");

  private CrossNodeBench() {}

  /** One path's figures. */
  record Figures(String path, List<Double> seconds, String rtt) {
    String line() {
      List<Double> sorted = seconds.stream().sorted().toList();
      double best = sorted.getFirst();
      double median = sorted.get(sorted.size() / 2);
      return String.format("%-36s %6.0f MB/s best %6.0f MB/s median   ping min/avg/max %s ms", path, FETCHES * MB / Math.max(best, 0.01),
          FETCHES * MB / Math.max(median, 0.01), rtt);
    }
  }

  public static void main(String[] args) throws Exception {
    try (MultiNodeCluster c = MultiNodeCluster.start(2)) {
      List<String> nodes = c.nodeNames();
      String serve = "mkdir -p /www && dd if=/dev/zero of=/www/f bs=1M count=" + MB + " 2>/dev/null && exec httpd -f -p 8080 -h /www";
      c.client.resource(pod("server", nodes.get(0), serve)).create();
      c.client.resource(pod("same", nodes.get(0), "exec sleep 3600")).create();
      c.client.resource(pod("cross", nodes.get(1), "exec sleep 3600")).create();
      String serverIp = c.awaitRunning("server").getStatus().getPodIP();
      c.awaitRunning("same");
      c.awaitRunning("cross");
      List<Figures> all = new ArrayList<>();
      all.add(pods(c, "pod to pod, different nodes", "cross", serverIp));
      all.add(pods(c, "pod to pod, same node", "same", serverIp));
      all.add(raw(c));
      System.out.println(MB + " MB over HTTP (busybox httpd -> wget) " + FETCHES + " times per run, " + RUNS + " runs each; 200 pings -A");
      all.forEach(f -> System.out.println(f.line()));
    }
  }

  private static Pod pod(String name, String node, String script) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata().withNewSpec()
        .withNodeSelector(Map.of("kubernetes.io/hostname", node)).withTerminationGracePeriodSeconds(1L)
        .addNewContainer().withName("main").withImage(MultiNodeCluster.IMAGE).withCommand("/bin/sh", "-c", script).endContainer()
        .endSpec().build();
  }

  private static Figures pods(MultiNodeCluster c, String path, String client, String serverIp) {
    // the server writes its file after it starts: wait until a fetch gets all of it
    awaitServed(() -> c.kubectl.run("exec", client, "--", "sh", "-c", "wget -q -O - http://" + serverIp + ":8080/f | wc -c").out().strip());
    List<Double> seconds = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      Kubectl.Result r = c.kubectl.run("exec", client, "--", "time", "sh", "-c", loop("wget", "http://" + serverIp + ":8080/f"));
      seconds.add(real(r.all()));
    }
    Kubectl.Result ping = c.kubectl.run("exec", client, "--", "ping", "-q", "-A", "-c", "200", serverIp);
    return new Figures(path, seconds, rtt(ping.all()));
  }

  private static Figures raw(MultiNodeCluster c) throws Exception {
    Path www = Files.createDirectories(c.dir.resolve("raw-www"));
    try (var out = Files.newOutputStream(www.resolve("f"))) {
      byte[] mb = new byte[1 << 20];
      for (int i = 0; i < MB; i++) {
        out.write(mb);
      }
    }
    Process httpd = new ProcessBuilder("ip", "netns", "exec", c.underlay.netns(1), "busybox", "httpd", "-f", "-p", c.nodeIp(1) + ":18080",
        "-h", www.toString()).redirectErrorStream(true).start();
    try {
      String url = "http://" + c.nodeIp(1) + ":18080/f";
      awaitServed(() -> c.underlay.exec(0, Duration.ofSeconds(30), "sh", "-c", "busybox wget -q -O - " + url + " | wc -c").stdoutText().strip());
      List<Double> seconds = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        CommandResult r = c.underlay.exec(0, Duration.ofSeconds(120), "busybox", "time", "busybox", "sh", "-c", loop("busybox wget", url));
        seconds.add(real(r.stderr() + r.stdoutText()));
      }
      CommandResult ping = c.underlay.exec(0, Duration.ofSeconds(60), "busybox", "ping", "-q", "-A", "-c", "200", c.nodeIp(1));
      return new Figures("netns to netns over veths, no skiff", seconds, rtt(ping.stdoutText()));
    } finally {
      httpd.destroyForcibly().waitFor();
    }
  }

  private static String loop(String wget, String url) {
    return "for i in $(seq " + FETCHES + "); do " + wget + " -q -O /dev/null " + url + " || exit 1; done";
  }

  private static void awaitServed(java.util.function.Supplier<String> bytes) {
    String want = Long.toString((long) MB << 20);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String got = "";
    while (System.nanoTime() < deadline) {
      got = bytes.get();
      if (got.equals(want)) {
        return;
      }
    }
    throw new IllegalStateException("the server did not serve " + want + " bytes within 60 s (last: " + got + ")");
  }

  private static double real(String timeOutput) {
    Matcher m = REAL.matcher(timeOutput);
    if (!m.find()) {
      throw new IllegalStateException("no `time` figure in: " + timeOutput);
    }
    return Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2));
  }

  private static String rtt(String pingOutput) {
    Matcher m = RTT.matcher(pingOutput);
    if (!m.find()) {
      throw new IllegalStateException("no round-trip figures in: " + pingOutput);
    }
    return m.group(1) + "/" + m.group(2) + "/" + m.group(3);
  }
}
