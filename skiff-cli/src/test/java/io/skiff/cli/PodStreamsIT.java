package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.testing.Await;
import io.skiff.testing.RequiresRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kubectl's streams against real pods with the real kubectl (1.33 and 1.30 over WebSocket, 1.29 over SPDY): exec (the
 * seed's interactive flow under a real terminal in tmux, piped stdin, exit codes, and the errors Kubernetes gives for a wrong container, a finished
 * init container, a missing command and a completed pod), cp both ways, port-forward (WebSocket-tunnelled SPDY with
 * 1.33, plain SPDY with 1.30), 100 concurrent execs, and a client killed mid-command leaving no process behind.
 */
@RequiresRoot
@Tag("kubectl")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodStreamsIT {
  private static final Path SEED = Path.of(System.getProperty("skiff.seed", "src/test/resources/seed"));
  private static final String POD = "init-volume-pod";

  private PodFixturesIT.Cluster cluster;

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(Kubectl.available(Kubectl.NEWEST), "kubectl is not installed");
    Path seed = SEED.resolve("init-volume.yaml");
    Assumptions.assumeTrue(Files.exists(seed), "seed manifest " + seed + " not found");
    cluster = new PodFixturesIT.Cluster();
    Kubectl.Result applied = kubectl(Kubectl.NEWEST).run("apply", "-f", seed.toString());
    assertThat(applied.code()).as(applied.all()).isZero();
    cluster.awaitPod(POD + " to run", POD, p -> "Running".equals(p.getStatus().getPhase()));
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  Kubectl kubectl(String binary) {
    Assumptions.assumeTrue(Kubectl.available(binary), binary + " is not installed");
    try {
      return new Kubectl(binary, cluster.plane.kubeconfig(), Files.createDirectories(cluster.dir.resolve("kubectl-cache-" + Path.of(binary).getFileName())));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {Kubectl.NEWEST, Kubectl.V1_30, Kubectl.V1_29})
  void execRunsTheCommandInTheContainerAndSeesTheSharedVolume(String binary) {
    Kubectl.Result r = kubectl(binary).run("exec", POD, "-c", "centos3", "--", "cat", "/opt/data/123.txt", "/opt/data/456.txt");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).isEqualTo("123\n456\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {Kubectl.NEWEST, Kubectl.V1_30, Kubectl.V1_29})
  void pipedStdinReachesTheCommandAndItsExitCodeReachesKubectl(String binary) {
    Kubectl.Result r = kubectl(binary).withInput("hello from stdin\n", "exec", "-i", POD, "-c", "centos3", "--", "sh", "-c",
        "cat; echo to-stderr >&2; exit 3");
    assertThat(r.out()).isEqualTo("hello from stdin\n");
    assertThat(r.err()).contains("to-stderr").contains("command terminated with exit code 3");
    assertThat(r.code()).isEqualTo(3);
  }

  @Test
  void aMissingCommandExitsWith127AndRuncsReason() {
    Kubectl.Result r = kubectl(Kubectl.NEWEST).run("exec", POD, "-c", "centos3", "--", "no-such-command");
    assertThat(r.err()).contains("executable file not found").contains("command terminated with exit code 127");
    assertThat(r.code()).isEqualTo(127);
  }

  @Test
  void aContainerThePodDoesNotHaveIsABadRequest() {
    Kubectl.Result r = kubectl(Kubectl.NEWEST).run("exec", POD, "-c", "nope", "--", "true");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("Error from server (BadRequest): container nope is not valid for pod " + POD);
  }

  @Test
  void aFinishedInitContainerIsNotFoundAsTheKubeletSaysIt() {
    Kubectl.Result r = kubectl(Kubectl.NEWEST).run("exec", POD, "-c", "centos1", "--", "true");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("Error from server (BadRequest): container not found (\"centos1\")");
  }

  @Test
  void aCompletedPodCannotBeExecedInto() {
    Kubectl k = kubectl(Kubectl.NEWEST);
    Kubectl.Result run = k.run("run", "done", "--image=centos:7", "--restart=Never", "--", "/bin/true");
    assertThat(run.code()).as(run.all()).isZero();
    cluster.awaitPod("done to succeed", "done", p -> "Succeeded".equals(p.getStatus().getPhase()));
    Kubectl.Result r = k.run("exec", "done", "--", "true");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("cannot exec into a container in a completed pod; current phase is Succeeded");
  }

  /** The seed's question: a shell in centos3 on a real terminal; resize; the exit code typed is kubectl's (WebSocket with 1.33, SPDY with 1.29). */
  @ParameterizedTest
  @ValueSource(strings = {Kubectl.NEWEST, Kubectl.V1_29})
  void anInteractiveShellOnATerminalRunsCommandsFollowsResizesAndExitsWithTheCodeTyped(String binary) throws Exception {
    Assumptions.assumeTrue(PodFixturesIT.Tmux.available(), "tmux is not installed");
    String tag = Path.of(binary).getFileName().toString();
    Path exit = cluster.dir.resolve("tmux-exit-" + tag);
    List<String> kubectl = kubectl(binary).commandLine("exec", "-it", POD, "-c", "centos3", "--", "bash");
    try (var tmux = new PodFixturesIT.Tmux(cluster.dir.resolve("tmux-" + tag + ".sock"), 100, 30,
        String.join(" ", kubectl) + "; echo $? > " + exit + "; sleep 60")) {
      tmux.type("cat /opt/data/123.txt /opt/data/456.txt; echo done-$((40+2))");
      Await.until("the shell to print the shared files", PodFixturesIT.WAIT, tmux::screen, p -> p.contains("123\n456\ndone-42"));
      tmux.type("s=$(busybox stty size); echo size-${s/ /x}");
      Await.until("stty to show 30 rows and 100 columns", PodFixturesIT.WAIT, tmux::screen, p -> p.contains("size-30x100"));
      tmux.resize(120, 40);
      Await.until("stty to show the new size", PodFixturesIT.WAIT, () -> {
        tmux.type("s=$(busybox stty size); echo size-${s/ /x}");
        return tmux.screen();
      }, p -> p.contains("size-40x120"));
      tmux.type("exit 3");
      Await.until("kubectl to exit", PodFixturesIT.WAIT, () -> read(exit), s -> !s.isEmpty());
      assertThat(Files.readString(exit).strip()).isEqualTo("3");
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file).strip() : "";
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void cpCopiesAFileIntoThePodAndBackByteForByte() throws Exception {
    byte[] data = new byte[300_000];
    ThreadLocalRandom.current().nextBytes(data);
    Path local = Files.write(cluster.dir.resolve("cp-in.bin"), data);
    Kubectl k = kubectl(Kubectl.NEWEST);
    Kubectl.Result in = k.run("cp", local.toString(), POD + ":/tmp/in.bin", "-c", "centos3");
    assertThat(in.code()).as(in.all()).isZero();
    Kubectl.Result size = k.run("exec", POD, "-c", "centos3", "--", "wc", "-c", "/tmp/in.bin");
    assertThat(size.out().strip()).isEqualTo("300000 /tmp/in.bin");
    Path back = cluster.dir.resolve("cp-out.bin");
    Kubectl.Result out = k.run("cp", POD + ":/tmp/in.bin", back.toString(), "-c", "centos3");
    assertThat(out.code()).as(out.all()).isZero();
    assertThat(Files.readAllBytes(back)).isEqualTo(data);
  }

  @ParameterizedTest
  @ValueSource(strings = {Kubectl.NEWEST, Kubectl.V1_30})
  void portForwardReachesAServerListeningInsideThePod(String binary) throws Exception {
    ensureWebPod();
    Kubectl k = kubectl(binary);
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Process forward = k.start("port-forward", "pod/web", port + ":8080");
    try {
      var lines = new java.io.BufferedReader(new java.io.InputStreamReader(forward.getInputStream(), StandardCharsets.UTF_8));
      String first = lines.readLine();
      assertThat(first).isEqualTo("Forwarding from 127.0.0.1:" + port + " -> 8080");
      try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
        for (int i = 0; i < 3; i++) {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/index.html")).timeout(Duration.ofSeconds(20))
              .build(), HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.body()).isEqualTo("hello from the pod\n");
        }
        HttpResponse<byte[]> blob = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/blob")).timeout(Duration.ofSeconds(30))
            .build(), HttpResponse.BodyHandlers.ofByteArray());
        Kubectl.Result sum = k.run("exec", "web", "--", "busybox", "sha256sum", "/www/blob");
        assertThat(sha256(blob.body()) + "  /www/blob").isEqualTo(sum.out().strip());
        assertThat(blob.body()).hasSize(2_000_000);
      }
    } finally {
      forward.destroy();
      forward.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void portForwardToAPortNothingListensOnSaysSoInKubernetesWords() throws Exception {
    ensureWebPod();
    Kubectl k = kubectl(Kubectl.NEWEST);
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Process forward = k.start("port-forward", "pod/web", port + ":9999");
    try {
      var lines = new java.io.BufferedReader(new java.io.InputStreamReader(forward.getInputStream(), StandardCharsets.UTF_8));
      assertThat(lines.readLine()).startsWith("Forwarding from 127.0.0.1:" + port);
      try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (IOException expected) {
        // the forwarded connection is closed: nothing listens in the pod
      }
      String err = new String(forward.getErrorStream().readNBytes(400), StandardCharsets.UTF_8);
      assertThat(err).contains("error forwarding port 9999 to pod web, uid " + cluster.pod("web").getMetadata().getUid());
    } finally {
      forward.destroyForcibly();
      forward.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aHundredConcurrentExecsAllComplete() throws Exception {
    List<Future<String>> results = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 100; i++) {
        int n = i;
        results.add(pool.submit(() -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          try (ExecWatch w = cluster.client.pods().inNamespace("default").withName(POD).inContainer("centos3").writingOutput(out)
              .exec("sh", "-c", "echo exec-" + n)) {
            Integer code = w.exitCode().get(120, TimeUnit.SECONDS);
            return code + ":" + out.toString(StandardCharsets.UTF_8).strip();
          }
        }));
      }
    }
    for (int i = 0; i < 100; i++) {
      assertThat(results.get(i).get()).isEqualTo("0:exec-" + i);
    }
  }

  @Test
  void aClientKilledMidCommandLeavesNoProcessBehind() throws Exception {
    Process exec = kubectl(Kubectl.NEWEST).start("exec", POD, "-c", "centos3", "--", "sleep", "4243");
    Await.until("the command to run in the container", PodFixturesIT.WAIT, () -> processesRunning("sleep", "4243"), n -> n > 0);
    exec.destroyForcibly();
    exec.waitFor(10, TimeUnit.SECONDS);
    Await.until("the command to be gone", PodFixturesIT.WAIT, () -> processesRunning("sleep", "4243"), n -> n == 0);
    Await.until("runc exec to be gone", PodFixturesIT.WAIT, () -> processesRunning("exec", "4243"), n -> n == 0);
  }

  private void ensureWebPod() {
    if (cluster.pod("web") != null) {
      return;
    }
    Kubectl.Result run = kubectl(Kubectl.NEWEST).run("run", "web", "--image=centos:7", "--restart=Never", "--command", "--", "/bin/sh", "-c",
        "mkdir -p /www && echo hello from the pod > /www/index.html && head -c 2000000 /dev/urandom > /www/blob && exec busybox httpd -f -p 8080 -h /www");
    assertThat(run.code()).as(run.all()).isZero();
    cluster.awaitPod("web to run", "web", p -> "Running".equals(p.getStatus().getPhase()));
    Await.until("httpd to listen", PodFixturesIT.WAIT, () -> kubectl(Kubectl.NEWEST).run("exec", "web", "--", "wget", "-q", "-O", "-",
        "http://127.0.0.1:8080/index.html").out(), o -> o.contains("hello from the pod"));
  }

  /** Host processes whose command line has {@code first} followed (anywhere later) by {@code arg}. */
  private static long processesRunning(String first, String arg) {
    long n = 0;
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
        try {
          List<String> argv = List.of(new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).split("\0"));
          int i = argv.indexOf(first);
          if (i >= 0 && argv.subList(i, argv.size()).contains(arg) && !argv.get(0).endsWith("kubectl") && !argv.get(0).contains("kubectl.")) {
            n++;
          }
        } catch (IOException gone) {
          // the process ended while we looked
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return n;
  }

  private static String sha256(byte[] data) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
  }
}
