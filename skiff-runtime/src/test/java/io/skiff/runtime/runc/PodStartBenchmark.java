package io.skiff.runtime.runc;

import io.skiff.runtime.ContainerConfig;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.Rootfs;
import io.skiff.runtime.SandboxConfig;
import io.skiff.runtime.SandboxStatus;
import io.skiff.runtime.cni.CniAttachment;
import io.skiff.runtime.cni.CniNetwork;
import io.skiff.runtime.cni.CniResult;
import io.skiff.runtime.host.CommandLine;
import io.skiff.runtime.host.Mounter;
import io.skiff.runtime.host.ProcessRunner;
import io.skiff.runtime.oci.CapabilitySet;
import io.skiff.runtime.oci.OciSpec;
import io.skiff.runtime.oci.PodFiles;
import io.skiff.runtime.oci.PodNamespaces;
import io.skiff.runtime.oci.SpecGenerator;
import io.skiff.runtime.sandbox.NetworkNamespaces;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;

import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Pod start and teardown through {@link RuncRuntime} against the raw floor measured in the same run: the same work
 * done with plain tools one after the other (network namespace, CNI ADD, {@code runc run -d} of the pause bundle,
 * {@code runc run -d} of the container bundle joining it), no conmon, no state files.
 *
 * <p>Run as root: {@code java -cp … io.skiff.runtime.runc.PodStartBenchmark [pods] [ipmasq]} (see BENCHMARKS.md).
 */
public final class PodStartBenchmark {
  private static final Duration T = Duration.ofSeconds(30);

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("serve")) {
      serve(args.length > 1 && args[1].equals("ipmasq"));
      return;
    }
    int pods = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    boolean ipMasq = args.length > 1 && args[1].equals("ipmasq");
    try (RuntimeFixture fx = RuntimeFixture.start(ipMasq)) {
      System.out.printf(Locale.ROOT, "%d pods per series, %s, cgroups %s, %s, ipMasq=%s%n", pods, fx.runtime.info().nodeInfoString(),
          fx.runtime.cgroupMode(), Runtime.version(), ipMasq);
      Floor floor = new Floor(fx);
      Series floorStart = new Series("floor: netns + CNI ADD + runc run pause + runc run app");
      Series floorDown = new Series("floor teardown: kill + runc delete x2 + CNI DEL + netns");
      Series prepStart = new Series("skiff runSandbox + create + start (prepared rootfs)");
      Series ovlStart = new Series("skiff runSandbox + create + start (overlay rootfs)");
      Series stopDown = new Series("skiff stop(grace 30s, exits on TERM) + removeSandbox");
      Series killDown = new Series("skiff removeSandbox (kills)");
      for (int i = 0; i < 5; i++) {
        floor.run(i, null, null);
        skiff(fx, new Rootfs.Prepared(fx.busybox), null, null, false);
      }
      for (int i = 0; i < pods; i++) {
        floor.run(1000 + i, floorStart, floorDown);
        skiff(fx, new Rootfs.Prepared(fx.busybox), prepStart, stopDown, true);
        skiff(fx, fx.overlay("b" + i), ovlStart, killDown, false);
      }
      for (Series s : List.of(floorStart, prepStart, ovlStart, floorDown, stopDown, killDown)) {
        System.out.println(s.report(floorStart));
      }
    }
  }

  /**
   * The floor on demand, for a benchmark that interleaves it with its own pods (so both see the same load): after 5
   * warm-up pods it prints {@code ready}, then for each line {@code run} on stdin makes and tears down one floor pod
   * and prints its start time in milliseconds; end of input ends it (and cleans up).
   */
  private static void serve(boolean ipMasq) throws Exception {
    try (RuntimeFixture fx = RuntimeFixture.start(ipMasq);
        var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))) {
      Floor floor = new Floor(fx);
      for (int i = 0; i < 5; i++) {
        floor.run(i, null, null);
      }
      System.out.println("ready");
      System.out.flush();
      int n = 1000;
      for (String line = in.readLine(); line != null && line.equals("run"); line = in.readLine()) {
        Series start = new Series("floor");
        floor.run(n++, start, new Series("down"));
        System.out.printf(Locale.ROOT, "%.3f%n", start.percentile(50));
        System.out.flush();
      }
    }
  }

  private static void skiff(RuntimeFixture fx, Rootfs rootfs, Series start, Series downSeries, boolean graceful) throws IOException {
    SandboxConfig pod = fx.pod("bench");
    ContainerConfig app = ContainerConfig.of("app", rootfs, List.of("/bin/sh", "-c", "trap 'exit 0' TERM; echo trapped; sleep 600 & wait"))
        .withLogPath(fx.work.resolve("logs").resolve(pod.podUid() + ".log"));
    long t0 = System.nanoTime();
    SandboxStatus s = fx.runtime.runSandbox(pod);
    ContainerId id = fx.runtime.createContainer(s.id(), app);
    fx.runtime.startContainer(id);
    long started = System.nanoTime() - t0;
    if (graceful) {
      // PID 1 ignores SIGTERM until its trap is set; the log says when (not timed).
      io.skiff.testing.Await.until("the trap", T, () -> ContainerLifecycleIT.logContains(app, "trapped"));
    }
    long t1 = System.nanoTime();
    if (graceful) {
      fx.runtime.stopContainer(id, Duration.ofSeconds(30));
    }
    fx.runtime.removeSandbox(s.id());
    long down = System.nanoTime() - t1;
    if (start != null) {
      start.add(started);
      downSeries.add(down);
    }
  }

  /** The same pod made by hand with the tools skiff drives, sequentially and without conmon. */
  private static final class Floor {
    private final RuntimeFixture fx;
    private final ProcessRunner runner = new ProcessRunner();
    private final SpecGenerator specs = new SpecGenerator(new CapabilitySet(40));
    private final NetworkNamespaces netns;
    private final CniNetwork cni;
    private final Path dir;
    private final Path state;
    private final PodFiles files;

    Floor(RuntimeFixture fx) throws IOException {
      this.fx = fx;
      this.dir = Files.createDirectories(fx.work.resolve("floor"));
      this.state = Files.createDirectories(dir.resolve("state"));
      Mounter mounter = new Mounter();
      this.netns = new NetworkNamespaces(dir.resolve("netns"), mounter);
      this.cni = new CniNetwork(fx.config.network(), dir.resolve("ipam"), runner, T);
      Path shm = Files.createDirectories(dir.resolve("shm"));
      for (String f : List.of("hosts", "resolv.conf", "hostname")) {
        Files.writeString(dir.resolve(f), "");
      }
      this.files = new PodFiles(shm, dir.resolve("hosts"), dir.resolve("resolv.conf"), dir.resolve("hostname"));
    }

    void run(int n, Series start, Series down) throws Exception {
      String pause = "fp" + n;
      String app = "fa" + n;
      String cgroup = fx.cgroupParent + "/floor" + n;
      Path pauseBundle = Files.createDirectories(dir.resolve(pause));
      Path appBundle = Files.createDirectories(dir.resolve(app));
      long t0 = System.nanoTime();
      // The floor's tool for the namespace is unshare(1), as `ip netns add` would be; skiff does it in the process.
      Path ns = netns.path(pause);
      Files.createDirectories(ns.getParent());
      Files.createFile(ns);
      runner.runChecked(CommandLine.of(T, "unshare", "--net=" + ns, "true"));
      CniAttachment att = new CniAttachment(pause, ns, "eth0", "default", "floor", pause, List.of());
      CniResult net = cni.attach(att);
      write(pauseBundle, specs.pause(fx.root.resolve("images/skiff.local_pause_catatonit/rootfs"), "floor", ns, cgroup + "/" + pause, null));
      long pausePid = runDetached(pauseBundle, pause);
      ContainerConfig cfg = ContainerConfig.of("app", new Rootfs.Prepared(fx.busybox), List.of("/bin/sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"));
      write(appBundle, specs.container(cfg, fx.busybox, new PodNamespaces(pausePid, false, false), files, "floor", cgroup + "/" + app));
      runDetached(appBundle, app);
      long t1 = System.nanoTime();
      for (String id : List.of(app, pause)) {
        runner.runChecked(CommandLine.of(T, "runc", "--root", state.toString(), "kill", id, "KILL"));
        awaitStopped(id);
        runner.runChecked(CommandLine.of(T, "runc", "--root", state.toString(), "delete", id));
      }
      cni.detach(att, net);
      netns.remove(pause);
      long t2 = System.nanoTime();
      runner.run(CommandLine.of(T, "rmdir", "/sys/fs/cgroup/memory" + cgroup));
      for (Path p : Files.list(Path.of("/sys/fs/cgroup")).toList()) {
        Files.deleteIfExists(p.resolve(cgroup.substring(1)));
      }
      if (start != null) {
        start.add(t1 - t0);
        down.add(t2 - t1);
      }
    }

    private void awaitStopped(String id) {
      while (runner.run(CommandLine.of(T, "runc", "--root", state.toString(), "state", id)).stdoutText().contains("\"running\"")) {
        Thread.onSpinWait();
      }
    }

    private static void write(Path bundle, OciSpec spec) throws IOException {
      StateStore.JSON.writeValue(bundle.resolve("config.json").toFile(), spec);
    }

    private long runDetached(Path bundle, String id) throws Exception {
      Path pidFile = bundle.resolve("pid");
      Process p = new ProcessBuilder("runc", "--root", state.toString(), "run", "-d", "--pid-file", pidFile.toString(), "-b", bundle.toString(), id)
          .redirectInput(new File("/dev/null")).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("runc run " + id + " failed");
      }
      return Long.parseLong(Files.readString(pidFile).trim());
    }
  }

  private static final class Series {
    private final String name;
    private final List<Long> nanos = new ArrayList<>();

    Series(String name) {
      this.name = name;
    }

    void add(long n) {
      nanos.add(n);
    }

    double percentile(double p) {
      long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
      int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(idx, sorted.length - 1))] / 1e6;
    }

    String report(Series floor) {
      LongSupplier min = () -> nanos.stream().mapToLong(Long::longValue).min().orElse(0);
      return String.format(Locale.ROOT, "%-58s p50 %7.1f ms  p99 %7.1f ms  min %6.1f ms  (p50 %.2fx the floor)", name, percentile(50),
          percentile(99), min.getAsLong() / 1e6, percentile(50) / floor.percentile(50));
    }
  }

}
