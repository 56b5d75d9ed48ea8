package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.skiff.testing.Await;
import io.skiff.testing.RequiresRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The health of containers on a real node, seen with the real kubectl: a liveness probe that starts failing restarts
 * the container with Kubernetes' events; a readiness probe over HTTP flips READY both ways; a startup probe over TCP
 * holds liveness and readiness back until the port opens; a preStop hook runs before the container gets SIGTERM; a
 * failing postStart hook kills the container, which restarts; {@code kubectl logs -f} follows one instance and ends
 * with it.
 */
@RequiresRoot
@Tag("kubectl")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodHealthIT {
  private PodFixturesIT.Cluster cluster;
  private Kubectl kubectl;

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(Kubectl.available(Kubectl.NEWEST), "kubectl is not installed");
    cluster = new PodFixturesIT.Cluster();
    kubectl = new Kubectl(Kubectl.NEWEST, cluster.plane.kubeconfig(), Files.createDirectories(cluster.dir.resolve("kubectl-cache")));
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static PodBuilder pod(String name) {
    return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withTerminationGracePeriodSeconds(5L).endSpec();
  }

  private void create(Pod pod) {
    cluster.client.pods().inNamespace("default").resource(pod).create();
  }

  /** The pod's events as {@code Type Reason fieldPath: message}. */
  private List<String> events(String pod) {
    return cluster.client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> pod.equals(e.getInvolvedObject().getName()))
        .map(PodHealthIT::brief).toList();
  }

  private static String brief(Event e) {
    return e.getType() + " " + e.getReason() + " " + e.getInvolvedObject().getFieldPath() + ": " + e.getMessage();
  }

  private List<String> awaitEvent(String pod, String expected) {
    return Await.until(pod + " to get the event " + expected, PodFixturesIT.WAIT, () -> events(pod), l -> l.contains(expected));
  }

  /** The pod's row of {@code kubectl get pods}, split into columns (NAME READY STATUS RESTARTS AGE). */
  private String[] row(String pod) {
    Kubectl.Result r = kubectl.run("get", "pods", "--no-headers");
    assertThat(r.code()).as(r.all()).isZero();
    return r.out().lines().map(l -> l.trim().split("\\s+")).filter(cols -> cols[0].equals(pod)).findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + pod + " in " + r.out()));
  }

  /** The READY column of {@code kubectl get pods}. */
  private String readyColumn(String pod) {
    return row(pod)[1];
  }

  private static ContainerStatus app(Pod p) {
    return p.getStatus().getContainerStatuses().get(0);
  }

  private static Optional<PodCondition> condition(Pod p, String type) {
    return p.getStatus().getConditions() == null ? Optional.empty()
        : p.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst();
  }

  @Test
  void aLivenessProbeThatStartsFailingRestartsTheContainer() {
    create(pod("live").editSpec().withTerminationGracePeriodSeconds(30L).addNewContainer().withName("app").withImage("centos:7")
        .withCommand("/bin/sh", "-c", "touch /tmp/healthy; sleep 2; rm /tmp/healthy; exec sleep 3600")
        .withLivenessProbe(new ProbeBuilder().withNewExec().withCommand("cat", "/tmp/healthy").endExec().withPeriodSeconds(1)
            .withFailureThreshold(2).withTerminationGracePeriodSeconds(1L).build())
        .endContainer().endSpec().build());
    Pod restarted = cluster.awaitPod("the container to be restarted", "live",
        p -> p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty() && app(p).getRestartCount() >= 1);
    // exec sleep as PID 1 ignores SIGTERM: the probe's grace of 1 s (raised to the 2 s minimum) ends in SIGKILL.
    assertThat(app(restarted).getLastState().getTerminated().getExitCode()).isEqualTo(137);
    List<String> events = awaitEvent("live", "Normal Killing spec.containers{app}: Container app failed liveness probe, will be restarted");
    assertThat(events).contains("Warning Unhealthy spec.containers{app}: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n");
    assertThat(row("live")[3]).isNotEqualTo("0");
  }

  @Test
  void aReadinessProbeOverHttpFlipsReadyInKubectlGetPods() throws Exception {
    Path www = Files.createDirectories(cluster.dir.resolve("www"));
    create(pod("web").editSpec().addNewVolume().withName("www").withNewHostPath().withPath(www.toString()).endHostPath().endVolume()
        .addNewContainer().withName("web").withImage("centos:7").withCommand("busybox", "httpd", "-f", "-p", "8080", "-h", "/www")
        .addNewPort().withName("http").withContainerPort(8080).endPort()
        .addNewVolumeMount().withName("www").withMountPath("/www").endVolumeMount()
        .withReadinessProbe(new ProbeBuilder().withNewHttpGet().withPath("/ready").withPort(new IntOrString("http")).endHttpGet()
            .withPeriodSeconds(1).withFailureThreshold(1).build())
        .endContainer().endSpec().build());
    Pod unready = cluster.awaitPod("the web server to run", "web", p -> p.getStatus().getContainerStatuses() != null
        && !p.getStatus().getContainerStatuses().isEmpty() && app(p).getState().getRunning() != null);
    assertThat(app(unready).getReady()).isFalse();
    awaitEvent("web", "Warning Unhealthy spec.containers{web}: Readiness probe failed: HTTP probe failed with statuscode: 404");
    assertThat(readyColumn("web")).isEqualTo("0/1");

    Files.writeString(www.resolve("ready"), "ok\n");
    Await.until("kubectl to show the pod ready", PodFixturesIT.WAIT, () -> readyColumn("web"), "1/1"::equals);
    Pod ready = cluster.pod("web");
    assertThat(condition(ready, "Ready")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    assertThat(condition(ready, "ContainersReady")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));

    Files.delete(www.resolve("ready"));
    Await.until("kubectl to show the pod not ready again", PodFixturesIT.WAIT, () -> readyColumn("web"), "0/1"::equals);
    Pod again = cluster.pod("web");
    assertThat(condition(again, "Ready")).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("ContainersNotReady");
      assertThat(c.getMessage()).isEqualTo("containers with unready status: [web]");
    });
    assertThat(app(again).getRestartCount()).isZero();
    assertThat(again.getStatus().getPhase()).isEqualTo("Running");
  }

  @Test
  void aStartupProbeOverTcpHoldsLivenessAndReadinessBackUntilThePortOpens() {
    create(pod("slow").editSpec().addNewContainer().withName("app").withImage("centos:7")
        .withCommand("/bin/sh", "-c", "sleep 4; mkdir -p /srv; exec busybox httpd -f -p 8080 -h /srv")
        .addNewPort().withName("http").withContainerPort(8080).endPort()
        .withStartupProbe(new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString("http")).endTcpSocket().withPeriodSeconds(1)
            .withFailureThreshold(30).build())
        .withLivenessProbe(new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(8080)).endTcpSocket().withPeriodSeconds(1)
            .withFailureThreshold(1).build())
        .withReadinessProbe(new ProbeBuilder().withNewExec().withCommand("true").endExec().withPeriodSeconds(1).build())
        .endContainer().endSpec().build());
    Pod starting = cluster.awaitPod("the container to run", "slow", p -> p.getStatus().getContainerStatuses() != null
        && !p.getStatus().getContainerStatuses().isEmpty() && app(p).getState().getRunning() != null);
    assertThat(app(starting).getStarted()).isFalse();
    assertThat(app(starting).getReady()).isFalse();
    String ip = starting.getStatus().getPodIP();
    awaitEvent("slow", "Warning Unhealthy spec.containers{app}: Startup probe failed: dial tcp " + ip + ":8080: connect: connection refused");

    Pod started = cluster.awaitPod("the container to be started and ready", "slow", p -> Boolean.TRUE.equals(app(p).getStarted())
        && Boolean.TRUE.equals(app(p).getReady()));
    assertThat(app(started).getRestartCount()).isZero();
    assertThat(events("slow")).noneMatch(e -> e.contains("Liveness probe") || e.contains("Readiness probe"));
    Await.until("kubectl to show the pod ready", PodFixturesIT.WAIT, () -> readyColumn("slow"), "1/1"::equals);
  }

  @Test
  void aPreStopHookRunsBeforeTheContainerGetsSigtermAndLogsFollowUntilTheContainerEnds() throws Exception {
    Path host = Files.createDirectories(cluster.dir.resolve("prestop"));
    create(pod("stopper").editSpec().withTerminationGracePeriodSeconds(10L)
        .addNewVolume().withName("host").withNewHostPath().withPath(host.toString()).endHostPath().endVolume()
        .addNewContainer().withName("app").withImage("centos:7")
        .withCommand("/bin/sh", "-c", "trap 'echo term >> /host/order; echo term; exit 0' TERM; echo started >> /host/order; echo started; "
            + "while true; do sleep 1; done")
        .addNewVolumeMount().withName("host").withMountPath("/host").endVolumeMount()
        .withNewLifecycle().withNewPreStop().withNewExec()
        .withCommand("/bin/sh", "-c", "echo prestop >> /host/order; echo prestop-hook > /proc/1/fd/1").endExec().endPreStop().endLifecycle()
        .endContainer()
        .addNewContainer().withName("other").withImage("centos:7").withCommand("/bin/sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done")
        .withNewLifecycle().withNewPreStop().withNewExec().withCommand("/bin/sh", "-c", "exit 7").endExec().endPreStop().endLifecycle()
        .endContainer().endSpec().build());
    cluster.awaitPod("both containers to run", "stopper", p -> p.getStatus().getContainerStatuses() != null
        && p.getStatus().getContainerStatuses().size() == 2
        && p.getStatus().getContainerStatuses().stream().allMatch(c -> c.getState().getRunning() != null));
    Await.until("the container to have started", PodFixturesIT.WAIT, () -> Files.exists(host.resolve("order")));
    Process follow = kubectl.start("logs", "-f", "stopper", "-c", "app");
    byte[][] out = new byte[1][];
    Thread reader = Thread.ofVirtual().start(() -> {
      try {
        out[0] = follow.getInputStream().readAllBytes();
      } catch (java.io.IOException e) {
        out[0] = new byte[0];
      }
    });
    Await.until("kubectl logs -f to show the first line", PodFixturesIT.WAIT, () -> follow.isAlive() && readableLog("stopper").contains("started"));

    Kubectl.Result delete = kubectl.run("delete", "pod", "stopper", "--wait=false");
    assertThat(delete.code()).as(delete.all()).isZero();
    assertThat(follow.waitFor(PodFixturesIT.WAIT.toSeconds(), TimeUnit.SECONDS)).as("kubectl logs -f ends with the container").isTrue();
    reader.join();
    assertThat(follow.exitValue()).isZero();
    assertThat(new String(out[0], StandardCharsets.UTF_8)).isEqualTo("started\nprestop-hook\nterm\n");
    assertThat(host.resolve("order")).hasContent("started\nprestop\nterm\n");
    awaitEvent("stopper", "Warning FailedPreStopHook spec.containers{other}: PreStopHook failed");
    assertThat(events("stopper")).contains("Normal Killing spec.containers{app}: Stopping container app")
        .noneMatch(e -> e.contains("FailedPreStopHook spec.containers{app}"));
  }

  private String readableLog(String pod) {
    Kubectl.Result r = kubectl.run("logs", pod, "-c", "app");
    return r.out();
  }

  @Test
  void aFailingPostStartHookKillsTheContainerWhichRestarts() {
    List<String> waiting = new java.util.concurrent.CopyOnWriteArrayList<>();
    var watch = cluster.client.pods().inNamespace("default").withName("poststart").watch(new io.fabric8.kubernetes.client.Watcher<Pod>() {
      @Override
      public void eventReceived(Action action, Pod p) {
        if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty()
            && app(p).getState().getWaiting() != null) {
          waiting.add(app(p).getState().getWaiting().getReason() + ": " + app(p).getState().getWaiting().getMessage());
        }
      }

      @Override
      public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
    });
    try {
      create(pod("poststart").editSpec().withTerminationGracePeriodSeconds(1L).addNewContainer().withName("app").withImage("centos:7")
          .withCommand("/bin/sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done")
          .withNewLifecycle().withNewPostStart().withNewExec().withCommand("/bin/sh", "-c", "echo no luck >&2; exit 3").endExec().endPostStart()
          .endLifecycle().endContainer().endSpec().build());
      Pod failed = cluster.awaitPod("the container to be restarted after its postStart hook failed", "poststart",
          p -> p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty() && app(p).getRestartCount() >= 1
              && app(p).getLastState().getTerminated() != null);
      assertThat(app(failed).getLastState().getTerminated().getExitCode()).isZero();
      List<String> events = awaitEvent("poststart", "Warning FailedPostStartHook spec.containers{app}: PostStartHook failed");
      assertThat(events).contains("Normal Started spec.containers{app}: Started container app", "Normal Killing spec.containers{app}: FailedPostStartHook");
      String uid = failed.getMetadata().getUid();
      String expected = "PostStartHookError: Exec lifecycle hook ([/bin/sh -c echo no luck >&2; exit 3]) for Container \"app\" in Pod "
          + "\"poststart_default(" + uid + ")\" failed - error: command '/bin/sh -c echo no luck >&2; exit 3' exited with 3: no luck\n, "
          + "message: \"no luck\\n\"";
      Await.until("the container to wait with PostStartHookError", PodFixturesIT.WAIT, () -> waiting, w -> w.contains(expected));
    } finally {
      watch.close();
    }
  }

  @Test
  void kubectlLogsFollowsOneInstanceAndEndsWhenItExitsEvenThoughTheContainerRestarts() throws Exception {
    Path host = Files.createDirectories(cluster.dir.resolve("chatty"));
    create(pod("chatty").editSpec().addNewVolume().withName("host").withNewHostPath().withPath(host.toString()).endHostPath().endVolume()
        .addNewContainer().withName("app").withImage("centos:7")
        .withCommand("/bin/sh", "-c", "if [ -e /host/ran ]; then echo second; exec sleep 3600; fi; touch /host/ran; echo first; sleep 5; "
            + "echo done; exit 1")
        .addNewVolumeMount().withName("host").withMountPath("/host").endVolumeMount().endContainer().endSpec().build());
    cluster.awaitPod("the first instance to run", "chatty", p -> p.getStatus().getContainerStatuses() != null
        && !p.getStatus().getContainerStatuses().isEmpty() && app(p).getState().getRunning() != null);
    Process follow = kubectl.start("logs", "-f", "chatty");
    byte[][] out = new byte[1][];
    Thread reader = Thread.ofVirtual().start(() -> {
      try {
        out[0] = follow.getInputStream().readAllBytes();
      } catch (java.io.IOException e) {
        out[0] = new byte[0];
      }
    });
    boolean ended = follow.waitFor(PodFixturesIT.WAIT.toSeconds(), TimeUnit.SECONDS);
    if (!ended) {
      follow.destroyForcibly();
    }
    reader.join();
    assertThat(ended).as("kubectl logs -f ends when the instance it follows exits").isTrue();
    assertThat(follow.exitValue()).isZero();
    assertThat(new String(out[0], StandardCharsets.UTF_8)).isEqualTo("first\ndone\n");

    cluster.awaitPod("the second instance to run", "chatty", p -> app(p).getRestartCount() == 1 && app(p).getState().getRunning() != null);
    Kubectl.Result current = Await.until("the second instance's log", PodFixturesIT.WAIT, () -> kubectl.run("logs", "chatty"),
        r -> r.code() == 0 && r.out().equals("second\n"));
    assertThat(current.err()).isEmpty();
    Kubectl.Result previous = kubectl.run("logs", "chatty", "--previous");
    assertThat(previous.code()).as(previous.all()).isZero();
    assertThat(previous.out()).isEqualTo("first\ndone\n");
  }
}
