package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.skiff.testing.Await;
import io.skiff.testing.RequiresRoot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Pod lifecycle rules on a real node: failing init containers under Never and Always, crash-looping app containers,
 * CreateContainerConfigError and its recovery, environment and command expansion, volumes, containers of one pod on
 * localhost and pods reaching each other by IP, a shared process namespace.
 */
@RequiresRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodLifecycleIT {
  private PodFixturesIT.Cluster cluster;

  @BeforeAll
  void start() throws Exception {
    cluster = new PodFixturesIT.Cluster();
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private Pod create(Pod pod) {
    return cluster.client.pods().inNamespace("default").resource(pod).create();
  }

  private static PodBuilder pod(String name, String restartPolicy) {
    return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withRestartPolicy(restartPolicy)
        .withTerminationGracePeriodSeconds(1L).endSpec();
  }

  private String logs(String pod, String container) throws Exception {
    return cluster.agentGet("/containerLogs/default/" + pod + "/" + container).body();
  }

  private String awaitLogs(String pod, String container, String expected) {
    return Await.until(container + " of " + pod + " to log " + expected, PodFixturesIT.WAIT, () -> {
      try {
        return logs(pod, container);
      } catch (Exception e) {
        return "";
      }
    }, l -> l.contains(expected));
  }

  private static Optional<PodCondition> condition(Pod p, String type) {
    return p.getStatus().getConditions() == null ? Optional.empty()
        : p.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst();
  }

  @Test
  void aFailedInitContainerUnderNeverFailsThePodAndTheAppNeverStarts() {
    create(pod("init-never", "Never").editSpec()
        .addNewInitContainer().withName("init").withImage("centos:7").withCommand("/bin/sh", "-c", "exit 1").endInitContainer()
        .addNewContainer().withName("app").withImage("centos:7").withCommand("sleep", "3600").endContainer().endSpec().build());
    Pod failed = cluster.awaitPod("the pod to fail", "init-never", p -> "Failed".equals(p.getStatus().getPhase()));
    ContainerStatus init = failed.getStatus().getInitContainerStatuses().get(0);
    assertThat(init.getState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(init.getState().getTerminated().getReason()).isEqualTo("Error");
    ContainerStatus app = failed.getStatus().getContainerStatuses().get(0);
    assertThat(app.getState().getWaiting().getReason()).isEqualTo("PodInitializing");
    assertThat(app.getContainerID()).isNull();
    assertThat(condition(failed, "Initialized")).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("ContainersNotInitialized");
      assertThat(c.getMessage()).isEqualTo("containers with incomplete status: [init]");
    });
    assertThat(condition(failed, "ContainersReady")).hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("PodFailed"));
    assertThat(cluster.client.v1().events().inNamespace("default").list().getItems())
        .noneMatch(e -> "init-never".equals(e.getInvolvedObject().getName()) && "spec.containers{app}".equals(e.getInvolvedObject().getFieldPath()));
  }

  @Test
  void aFailingInitContainerUnderAlwaysCrashLoopsWithGrowingRestarts() {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    var watch = cluster.client.pods().inNamespace("default").withName("init-always").watch(new io.fabric8.kubernetes.client.Watcher<Pod>() {
      @Override
      public void eventReceived(Action action, Pod p) {
        var s = p.getStatus() == null ? null : p.getStatus().getInitContainerStatuses();
        if (s != null && !s.isEmpty()) {
          var st = s.get(0).getState();
          seen.add(st.getTerminated() != null ? "Init:" + st.getTerminated().getReason()
              : st.getWaiting() != null ? "Init:" + st.getWaiting().getReason() : "Init:0/1");
        }
      }

      @Override
      public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
    });
    create(pod("init-always", "Always").editSpec()
        .addNewInitContainer().withName("init").withImage("centos:7").withCommand("/bin/sh", "-c", "exit 1").endInitContainer()
        .addNewContainer().withName("app").withImage("centos:7").withCommand("sleep", "3600").endContainer().endSpec().build());
    Pod looping = cluster.awaitPod("the init container to crash-loop", "init-always", p -> {
      var s = p.getStatus().getInitContainerStatuses();
      return s != null && !s.isEmpty() && s.get(0).getRestartCount() >= 1 && s.get(0).getState().getWaiting() != null
          && "CrashLoopBackOff".equals(s.get(0).getState().getWaiting().getReason());
    });
    ContainerStatus init = looping.getStatus().getInitContainerStatuses().get(0);
    assertThat(looping.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(init.getLastState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(init.getState().getWaiting().getMessage())
        .isEqualTo("back-off 10s restarting failed container=init pod=init-always_default(" + looping.getMetadata().getUid() + ")");
    cluster.awaitPod("the restart count to grow", "init-always", p -> p.getStatus().getInitContainerStatuses().get(0).getRestartCount() >= 2);
    List<Event> backoffs = cluster.client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> "init-always".equals(e.getInvolvedObject().getName()) && "BackOff".equals(e.getReason())).toList();
    assertThat(backoffs).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).isEqualTo("Back-off restarting failed container init in pod init-always_default(" + looping.getMetadata().getUid() + ")");
    });
    assertThat(cluster.pod("init-always").getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason()).isEqualTo("PodInitializing");
    watch.close();
    assertThat(seen).containsSubsequence("Init:Error", "Init:CrashLoopBackOff");
  }

  @Test
  void aCrashingAppContainerIsRestartedAndKeepsThePodRunning() {
    create(pod("crasher", "Always").editSpec()
        .addNewContainer().withName("app").withImage("centos:7").withCommand("/bin/sh", "-c", "echo attempt; exit 3").endContainer().endSpec().build());
    Pod p = cluster.awaitPod("the app to crash-loop", "crasher", x -> {
      var s = x.getStatus().getContainerStatuses();
      return s != null && s.get(0).getRestartCount() >= 1 && s.get(0).getState().getWaiting() != null
          && "CrashLoopBackOff".equals(s.get(0).getState().getWaiting().getReason());
    });
    ContainerStatus s = p.getStatus().getContainerStatuses().get(0);
    assertThat(p.getStatus().getPhase()).isEqualTo("Running");
    assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(3);
    assertThat(s.getLastState().getTerminated().getReason()).isEqualTo("Error");
    assertThat(condition(p, "ContainersReady")).hasValueSatisfying(c -> assertThat(c.getMessage()).isEqualTo("containers with unready status: [app]"));
  }

  @Test
  void aMissingConfigMapKeyIsACreateContainerConfigErrorUntilTheConfigMapExists() {
    create(pod("needs-config", "Always").editSpec()
        .addNewContainer().withName("app").withImage("centos:7").withCommand("/bin/sh", "-c", "echo value=$VALUE; sleep 3600")
        .addNewEnv().withName("VALUE").withNewValueFrom().withNewConfigMapKeyRef().withName("settings").withKey("value").endConfigMapKeyRef()
        .endValueFrom().endEnv().endContainer().endSpec().build());
    Pod waiting = cluster.awaitPod("CreateContainerConfigError", "needs-config", p -> {
      var s = p.getStatus().getContainerStatuses();
      return s != null && s.get(0).getState().getWaiting() != null
          && "CreateContainerConfigError".equals(s.get(0).getState().getWaiting().getReason());
    });
    assertThat(waiting.getStatus().getContainerStatuses().get(0).getState().getWaiting().getMessage()).isEqualTo("configmap \"settings\" not found");
    assertThat(waiting.getStatus().getPhase()).isEqualTo("Pending");
    cluster.client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
        .addToData("value", "from-config").build()).create();
    cluster.awaitPod("the app to run once the ConfigMap exists", "needs-config", p -> "Running".equals(p.getStatus().getPhase()));
    assertThat(awaitLogs("needs-config", "app", "value=")).isEqualTo("value=from-config\n");
  }

  @Test
  void environmentCommandAndArgsAreResolvedAsKubernetesDoes() {
    cluster.client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("creds").endMetadata()
        .addToStringData("password", "s3cret").build()).create();
    cluster.client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("envfrom").endMetadata()
        .addToData(Map.of("A", "1", "B", "2")).build()).create();
    create(pod("env", "Never").editSpec()
        .addNewContainer().withName("app").withImage("centos:7").withCommand("/bin/sh", "-c")
        .withArgs("echo \"$(GREETING) $NAME pod=$POD_NAME ns=$POD_NS pw=$PASSWORD a=$CFG_A b=$CFG_B mem=$MEM\" 'lit=$$(GREETING) miss=$(MISSING)'")
        .addNewEnv().withName("NAME").withValue("world").endEnv()
        .addNewEnv().withName("GREETING").withValue("hello $(NAME)").endEnv()
        .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("POD_NS").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace").endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef().withName("creds").withKey("password").endSecretKeyRef()
        .endValueFrom().endEnv()
        .addNewEnv().withName("MEM").withNewValueFrom().withNewResourceFieldRef().withResource("limits.memory")
        .withNewDivisor("1Mi").endResourceFieldRef().endValueFrom().endEnv()
        .addNewEnvFrom().withPrefix("CFG_").withNewConfigMapRef().withName("envfrom").endConfigMapRef().endEnvFrom()
        .withNewResources().addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("64Mi")).endResources()
        .endContainer().endSpec().build());
    cluster.awaitPod("the pod to succeed", "env", p -> "Succeeded".equals(p.getStatus().getPhase()));
    assertThat(awaitLogs("env", "app", "hello"))
        .isEqualTo("hello world world pod=env ns=default pw=s3cret a=1 b=2 mem=64 lit=$(GREETING) miss=$(MISSING)\n");
  }

  @Test
  void volumesAreMountedWithTheirKindsSubPathsAndReadOnlyFlags() throws Exception {
    cluster.client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("files").endMetadata()
        .addToData("app.conf", "setting=1").build()).create();
    cluster.client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("tokens").endMetadata()
        .addToStringData("token", "abc").build()).create();
    java.nio.file.Path host = java.nio.file.Files.createDirectories(cluster.dir.resolve("hostpath"));
    java.nio.file.Files.writeString(host.resolve("from-host.txt"), "host data");
    String script = String.join("; ",
        "cat /etc/app/app.conf; echo",
        "cat /secret/token; echo",
        "cat /info/name; echo",
        "cat /host/from-host.txt; echo",
        "cat /proj/app.conf /proj/token /proj/labels; echo",
        "grep -q ' /secret tmpfs' /proc/mounts && echo secret-on-tmpfs",
        "grep -q ' /mem tmpfs' /proc/mounts && echo memory-on-tmpfs",
        "touch /etc/app/x 2>/dev/null || echo configmap-read-only",
        "touch /ro/x 2>/dev/null || echo emptydir-read-only",
        "echo sub > /sub/file && echo subpath-writable",
        "echo done");
    create(pod("volumes", "Never").editSpec()
        .addNewVolume().withName("cfg").withNewConfigMap().withName("files").endConfigMap().endVolume()
        .addNewVolume().withName("sec").withNewSecret().withSecretName("tokens").endSecret().endVolume()
        .addNewVolume().withName("info").withNewDownwardAPI().addNewItem().withPath("name").withNewFieldRef().withFieldPath("metadata.name")
        .endFieldRef().endItem().endDownwardAPI().endVolume()
        .addNewVolume().withName("host").withNewHostPath().withPath(host.toString()).withType("Directory").endHostPath().endVolume()
        .addNewVolume().withName("mem").withNewEmptyDir().withMedium("Memory").endEmptyDir().endVolume()
        .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
        .addNewVolume().withName("proj").withNewProjected()
        .addNewSource().withNewConfigMap().withName("files").endConfigMap().endSource()
        .addNewSource().withNewSecret().withName("tokens").endSecret().endSource()
        .addNewSource().withNewDownwardAPI().addNewItem().withPath("labels").withNewFieldRef().withFieldPath("metadata.labels").endFieldRef()
        .endItem().endDownwardAPI().endSource().endProjected().endVolume()
        .addNewContainer().withName("app").withImage("centos:7").withCommand("/bin/sh", "-c", script)
        .addNewVolumeMount().withName("cfg").withMountPath("/etc/app").endVolumeMount()
        .addNewVolumeMount().withName("sec").withMountPath("/secret").endVolumeMount()
        .addNewVolumeMount().withName("info").withMountPath("/info").endVolumeMount()
        .addNewVolumeMount().withName("host").withMountPath("/host").endVolumeMount()
        .addNewVolumeMount().withName("mem").withMountPath("/mem").endVolumeMount()
        .addNewVolumeMount().withName("scratch").withMountPath("/ro").withReadOnly(true).endVolumeMount()
        .addNewVolumeMount().withName("scratch").withMountPath("/sub").withSubPath("nested/dir").endVolumeMount()
        .addNewVolumeMount().withName("proj").withMountPath("/proj").endVolumeMount()
        .endContainer().endSpec().editMetadata().addToLabels("app", "vol").endMetadata().build());
    Pod done = cluster.awaitPod("the pod to finish", "volumes", p -> "Succeeded".equals(p.getStatus().getPhase())
        || "Failed".equals(p.getStatus().getPhase()));
    String out = awaitLogs("volumes", "app", "done");
    assertThat(out).isEqualTo(String.join("\n", "setting=1", "abc", "volumes", "host data", "setting=1abcapp=\"vol\"",
        "secret-on-tmpfs", "memory-on-tmpfs", "configmap-read-only", "emptydir-read-only", "subpath-writable", "done", ""));
    assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(cluster.agentDir.resolve("pods").resolve(done.getMetadata().getUid())
        .resolve("volumes/kubernetes.io~empty-dir/scratch/nested/dir/file")).hasContent("sub\n");
  }

  @Test
  void aVolumeMountedOnlyInAnInitContainerIsNotVisibleInTheAppContainer() {
    create(pod("init-only-volume", "Never").editSpec()
        .addNewVolume().withName("private").withNewEmptyDir().endEmptyDir().endVolume()
        .addNewInitContainer().withName("init").withImage("centos:7").withCommand("/bin/sh", "-c", "echo hidden > /private/x")
        .addNewVolumeMount().withName("private").withMountPath("/private").endVolumeMount().endInitContainer()
        .addNewContainer().withName("app").withImage("centos:7").withCommand("/bin/sh", "-c", "ls /private/x 2>/dev/null || echo not-visible")
        .endContainer().endSpec().build());
    cluster.awaitPod("the pod to finish", "init-only-volume", p -> "Succeeded".equals(p.getStatus().getPhase()));
    assertThat(awaitLogs("init-only-volume", "app", "visible")).isEqualTo("not-visible\n");
  }

  @Test
  void containersOfAPodTalkOverLocalhostAndPodsReachEachOtherByIp() {
    String serve = "while true; do echo hello-from-server | nc -l -p 8080; done";
    String fetch = "for i in $(seq 1 100); do r=$(nc %s 8080 </dev/null 2>/dev/null) && test -n \"$r\" && echo \"$r\" && exit 0; sleep 0.1; done; exit 1";
    create(pod("pair", "Always").editSpec()
        .addNewContainer().withName("server").withImage("centos:7").withCommand("/bin/sh", "-c", serve).endContainer()
        .addNewContainer().withName("client").withImage("centos:7")
        .withCommand("/bin/sh", "-c", fetch.formatted("127.0.0.1") + "; sleep 3600").endContainer().endSpec().build());
    Pod pair = cluster.awaitPod("the pair to run", "pair", p -> "Running".equals(p.getStatus().getPhase()) && p.getStatus().getPodIP() != null);
    assertThat(awaitLogs("pair", "client", "hello")).isEqualTo("hello-from-server\n");
    assertThat(pair.getStatus().getContainerStatuses()).extracting(ContainerStatus::getName).containsExactly("client", "server");

    create(pod("remote", "Never").editSpec()
        .addNewContainer().withName("client").withImage("centos:7").withCommand("/bin/sh", "-c", fetch.formatted(pair.getStatus().getPodIP()))
        .endContainer().endSpec().build());
    Pod remote = cluster.awaitPod("the remote client to finish", "remote", p -> "Succeeded".equals(p.getStatus().getPhase()));
    assertThat(remote.getStatus().getPodIP()).isNotEqualTo(pair.getStatus().getPodIP());
    assertThat(awaitLogs("remote", "client", "hello")).isEqualTo("hello-from-server\n");
  }

  @Test
  void aHostPortForwardsTheNodesPortToThePodAndIsRemovedWithIt() throws Exception {
    int hostPort = 21000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(4000);
    create(pod("hostport", "Always").editSpec()
        .addNewContainer().withName("server").withImage("centos:7")
        .withCommand("/bin/sh", "-c", "while true; do echo hello-through-hostport | nc -l -p 8080; done")
        .addNewPort().withContainerPort(8080).withHostPort(hostPort).withProtocol("TCP").endPort().endContainer().endSpec().build());
    Pod running = cluster.awaitPod("the server to run", "hostport", p -> "Running".equals(p.getStatus().getPhase()));
    String hostIp = running.getStatus().getHostIP();
    String answer = Await.until("an answer on " + hostIp + ":" + hostPort, PodFixturesIT.WAIT, () -> {
      try (java.net.Socket s = new java.net.Socket()) {
        s.connect(new java.net.InetSocketAddress(hostIp, hostPort), 2000);
        s.setSoTimeout(2000);
        return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        return "";
      }
    }, a -> !a.isEmpty());
    assertThat(answer).isEqualTo("hello-through-hostport\n");
    assertThat(natRules()).contains("--dport " + hostPort);

    cluster.client.pods().inNamespace("default").withName("hostport").withGracePeriod(0).delete();
    Await.until("the host port's NAT rules to go", PodFixturesIT.WAIT, () -> !natRules().contains("--dport " + hostPort));
  }

  private static String natRules() {
    return new io.skiff.runtime.host.ProcessRunner().run(io.skiff.runtime.host.CommandLine.of(java.time.Duration.ofSeconds(10), "iptables", "-w", "-t",
        "nat", "-S")).stdoutText();
  }

  @Test
  void aContainerOverItsMemoryLimitIsOomKilled() {
    create(pod("oom", "Never").editSpec()
        .addNewContainer().withName("hog").withImage("centos:7").withCommand("/bin/sh", "-c", "head -c 200m /dev/zero | tail -c 100m > /dev/null")
        .withNewResources().addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("32Mi")).endResources().endContainer()
        .endSpec().build());
    Pod p = cluster.awaitPod("the pod to fail", "oom", x -> "Failed".equals(x.getStatus().getPhase()));
    var terminated = p.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getReason()).isEqualTo("OOMKilled");
    assertThat(terminated.getExitCode()).isEqualTo(137);
  }

  @Test
  void theTerminationMessageComesFromItsFileOrWithFallbackFromTheLog() {
    create(pod("last-words", "Never").editSpec()
        .addNewContainer().withName("file").withImage("centos:7").withCommand("/bin/sh", "-c", "printf bye > /dev/termination-log; exit 2")
        .endContainer()
        .addNewContainer().withName("fallback").withImage("centos:7").withTerminationMessagePolicy("FallbackToLogsOnError")
        .withCommand("/bin/sh", "-c", "echo line1; echo line2; exit 3").endContainer().endSpec().build());
    Pod p = cluster.awaitPod("the pod to fail", "last-words", x -> "Failed".equals(x.getStatus().getPhase()));
    var byName = p.getStatus().getContainerStatuses();
    assertThat(byName.get(0).getName()).isEqualTo("fallback");
    assertThat(byName.get(0).getState().getTerminated().getMessage()).isEqualTo("line1\nline2");
    assertThat(byName.get(1).getState().getTerminated().getMessage()).isEqualTo("bye");
    assertThat(byName.get(1).getState().getTerminated().getExitCode()).isEqualTo(2);
  }

  @Test
  void aSidecarStartsBeforeTheNextInitContainerAndKeepsRunningBesideTheApp() {
    create(pod("with-sidecar", "Always").editSpec()
        .addNewInitContainer().withName("proxy").withImage("centos:7").withRestartPolicy("Always")
        .withCommand("/bin/sh", "-c", "while true; do echo proxied | nc -l -p 9000; done").endInitContainer()
        .addNewInitContainer().withName("wait-proxy").withImage("centos:7")
        .withCommand("/bin/sh", "-c", "for i in $(seq 1 100); do nc 127.0.0.1 9000 </dev/null | grep -q proxied && exit 0; sleep 0.1; done; exit 1")
        .endInitContainer()
        .addNewContainer().withName("app").withImage("centos:7").withCommand("sleep", "3600").endContainer().endSpec().build());
    Pod p = cluster.awaitPod("the pod to be ready", "with-sidecar", x -> "Running".equals(x.getStatus().getPhase())
        && condition(x, "Ready").map(c -> c.getStatus().equals("True")).orElse(false));
    ContainerStatus proxy = p.getStatus().getInitContainerStatuses().get(0);
    assertThat(proxy.getState().getRunning()).isNotNull();
    assertThat(proxy.getReady()).isTrue();
    assertThat(proxy.getStarted()).isTrue();
    assertThat(p.getStatus().getInitContainerStatuses().get(1).getState().getTerminated().getReason()).isEqualTo("Completed");
  }

  @Test
  void withASharedProcessNamespaceThePauseProcessIsPidOne() {
    create(pod("shared-pid", "Never").editSpec().withShareProcessNamespace(true)
        .addNewContainer().withName("app").withImage("centos:7").withCommand("/bin/sh", "-c", "xargs -0 echo < /proc/1/cmdline")
        .endContainer().endSpec().build());
    cluster.awaitPod("the pod to finish", "shared-pid", p -> "Succeeded".equals(p.getStatus().getPhase()));
    assertThat(awaitLogs("shared-pid", "app", "catatonit")).startsWith("/catatonit -P");
  }
}
