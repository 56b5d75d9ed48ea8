package io.skiff.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.skiff.common.SkiffException;
import io.skiff.kubelet.event.PodEvent;
import io.skiff.kubelet.probe.ExecProbe;
import io.skiff.kubelet.probe.GrpcProbe;
import io.skiff.kubelet.probe.HealthService;
import io.skiff.kubelet.probe.HttpGetClient;
import io.skiff.kubelet.probe.HttpProbe;
import io.skiff.kubelet.probe.LoopbackServer;
import io.skiff.kubelet.probe.ProbeTransport;
import io.skiff.kubelet.probe.TcpProbe;
import io.skiff.runtime.ExecResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One probe run: exec, HTTP, TCP and gRPC checks, retries of errored probes, and the events in the kubelet's words. */
class ProberTest {
  private final List<PodEvent> events = new CopyOnWriteArrayList<>();
  private final List<List<String>> execs = new ArrayList<>();
  private Function<List<String>, ExecResult> execAnswer = argv -> new ExecResult(0, new byte[0], new byte[0]);
  private HttpServer server;
  private int port;

  private final ProbeTransport transport = ProbeTransport.start();
  private final Prober prober = new Prober(new ExecProbe((id, argv, timeout) -> {
    execs.add(argv);
    return execAnswer.apply(argv);
  }), new HttpProbe(new HttpGetClient(transport)), new TcpProbe(), new GrpcProbe(transport), events::add);

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      int status = ex.getRequestURI().getPath().equals("/healthz") ? 200 : 500;
      byte[] b = "body".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, b.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b);
      }
    });
    server.start();
    port = server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    transport.close();
  }

  private static Pod pod(Container c) {
    return new PodBuilder().withNewMetadata().withName("p").withNamespace("default").withUid("uid-1").endMetadata()
        .withNewSpec().withContainers(c).endSpec().build();
  }

  private Optional<ProbeResult> probe(ProbeType type, Probe p) {
    return probe(type, p, new ContainerBuilder().withName("app"));
  }

  private Optional<ProbeResult> probe(ProbeType type, Probe p, ContainerBuilder c) {
    Container container = switch (type) {
      case LIVENESS -> c.withLivenessProbe(p).build();
      case READINESS -> c.withReadinessProbe(p).build();
      case STARTUP -> c.withStartupProbe(p).build();
    };
    return prober.probe(type, pod(container), container, "127.0.0.1", "c1");
  }

  private List<String> messages() {
    return events.stream().map(e -> e.type() + " " + e.reason() + " " + e.fieldPath() + " " + e.message()).toList();
  }

  @Test
  void anExecProbeFailsWithTheCommandsOutputAndExpandsStaticEnvironment() {
    execAnswer = argv -> new ExecResult(1, "out\n".getBytes(StandardCharsets.UTF_8), "cat: can't open 'x'\n".getBytes(StandardCharsets.UTF_8));
    Optional<ProbeResult> r = probe(ProbeType.LIVENESS, new ProbeBuilder().withNewExec().withCommand("cat", "$(FILE)", "$(FROM_API)").endExec().build(),
        new ContainerBuilder().withName("app").addNewEnv().withName("FILE").withValue("/tmp/x").endEnv()
            .addNewEnv().withName("FROM_API").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv());
    assertThat(r).contains(ProbeResult.FAILURE);
    assertThat(execs).containsExactly(List.of("cat", "/tmp/x", "$(FROM_API)"));
    assertThat(messages()).containsExactly("Warning Unhealthy spec.containers{app} Liveness probe failed: out\ncat: can't open 'x'\n");
  }

  @Test
  void anExecProbeThatTimesOutFailsAndOneTheRuntimeCannotRunErrorsAfterThreeTries() {
    execAnswer = argv -> {
      throw new SkiffException.Timeout("too slow");
    };
    assertThat(probe(ProbeType.READINESS, new ProbeBuilder().withNewExec().withCommand("sh", "-c", "sleep 5").endExec().build()))
        .contains(ProbeResult.FAILURE);
    assertThat(messages()).containsExactly("Warning Unhealthy spec.containers{app} Readiness probe failed: command \"sh -c sleep 5\" timed out");
    events.clear();
    execs.clear();
    execAnswer = argv -> {
      throw new SkiffException.Conflict(new SkiffException.Subject("containers", "c1"), "the container is not running (EXITED)");
    };
    assertThat(probe(ProbeType.READINESS, new ProbeBuilder().withNewExec().withCommand("true").endExec().build())).isEmpty();
    assertThat(execs).hasSize(3);
    assertThat(messages()).singleElement().asString().startsWith("Warning Unhealthy spec.containers{app} Readiness probe errored and resulted in unknown state: ");
  }

  @Test
  void anHttpProbePassesOn200AndFailsWithTheStatusCodeOnly() {
    Probe ok = new ProbeBuilder().withNewHttpGet().withPath("/healthz").withPort(new IntOrString("web")).withScheme("HTTP").endHttpGet().build();
    assertThat(probe(ProbeType.READINESS, ok, new ContainerBuilder().withName("app").addNewPort().withName("web").withContainerPort(port).endPort()))
        .contains(ProbeResult.SUCCESS);
    assertThat(events).isEmpty();
    Probe failing = new ProbeBuilder().withNewHttpGet().withPath("/broken").withPort(new IntOrString(port)).endHttpGet().build();
    assertThat(probe(ProbeType.LIVENESS, failing)).contains(ProbeResult.FAILURE);
    assertThat(messages()).containsExactly("Warning Unhealthy spec.containers{app} Liveness probe failed: HTTP probe failed with statuscode: 500");
  }

  @Test
  void aPortNameThatDoesNotResolveIsAnErrorOfTheProbe() {
    Probe p = new ProbeBuilder().withNewHttpGet().withPath("/").withPort(new IntOrString("nope")).endHttpGet().build();
    assertThat(probe(ProbeType.STARTUP, p)).isEmpty();
    assertThat(messages()).containsExactly("Warning Unhealthy spec.containers{app} Startup probe errored and resulted in unknown state: strconv.Atoi: parsing \"nope\": invalid syntax");
  }

  @Test
  void aTcpProbePassesWhenThePortAcceptsAndFailsWithGosDialError() throws IOException {
    assertThat(probe(ProbeType.LIVENESS, new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket().build()))
        .contains(ProbeResult.SUCCESS);
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    assertThat(probe(ProbeType.LIVENESS, new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(closed)).endTcpSocket().build()))
        .contains(ProbeResult.FAILURE);
    assertThat(messages()).containsExactly(
        "Warning Unhealthy spec.containers{app} Liveness probe failed: dial tcp 127.0.0.1:" + closed + ": connect: connection refused");
  }

  @Test
  void aGrpcProbePassesWhileTheServiceIsServingAndFailsWithItsStatusOtherwise() throws Exception {
    try (LoopbackServer grpc = LoopbackServer.h2c(new HealthService(Map.of("", 1, "db", 2)))) {
      assertThat(probe(ProbeType.LIVENESS, new ProbeBuilder().withNewGrpc().withPort(grpc.port()).endGrpc().build()))
          .contains(ProbeResult.SUCCESS);
      assertThat(events).isEmpty();
      assertThat(probe(ProbeType.READINESS, new ProbeBuilder().withNewGrpc().withPort(grpc.port()).withService("db").endGrpc().build()))
          .contains(ProbeResult.FAILURE);
      assertThat(messages()).containsExactly(
          "Warning Unhealthy spec.containers{app} Readiness probe failed: service unhealthy (responded with \"NOT_SERVING\")");
    }
  }
}
