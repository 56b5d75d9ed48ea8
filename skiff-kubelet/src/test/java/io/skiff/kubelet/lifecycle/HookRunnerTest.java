package io.skiff.kubelet.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.LifecycleHandlerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.common.SkiffException;
import io.skiff.kubelet.event.PodEvent;
import io.skiff.kubelet.probe.HttpGetClient;
import io.skiff.kubelet.probe.ProbeTransport;
import io.skiff.runtime.ExecResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Lifecycle hooks: what counts as failure for exec, HTTP and sleep hooks, and the kubelet's failure messages. */
class HookRunnerTest {
  private static final Pod POD = new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("u-1").endMetadata().build();
  private static final Container APP = new ContainerBuilder().withName("app").build();

  private final List<PodEvent> events = new CopyOnWriteArrayList<>();
  private final List<Duration> slept = new ArrayList<>();
  private ExecResult execAnswer = new ExecResult(0, new byte[0], new byte[0]);
  private boolean interruptSleep;

  private final ProbeTransport transport = ProbeTransport.start();
  private final HookRunner hooks = new HookRunner((id, argv, timeout) -> {
    if (execAnswer == null) {
      throw new SkiffException.Timeout("slow");
    }
    return execAnswer;
  }, new HttpGetClient(transport), events::add, d -> {
    slept.add(d);
    if (interruptSleep) {
      throw new InterruptedException();
    }
  });

  @AfterEach
  void stop() {
    transport.close();
  }

  private Optional<String> run(LifecycleHandler h) {
    return hooks.run(POD, APP, "c1", h, "127.0.0.1", Duration.ofSeconds(5));
  }

  @Test
  void anExecHookFailsWhenTheCommandExitsNonZeroWithTheKubeletsMessage() {
    assertThat(run(new LifecycleHandlerBuilder().withNewExec().withCommand("sh", "-c", "exit 0").endExec().build())).isEmpty();
    execAnswer = new ExecResult(3, "partial\n".getBytes(StandardCharsets.UTF_8), "oops\n".getBytes(StandardCharsets.UTF_8));
    assertThat(run(new LifecycleHandlerBuilder().withNewExec().withCommand("sh", "-c", "exit 3").endExec().build())).contains(
        "Exec lifecycle hook ([sh -c exit 3]) for Container \"app\" in Pod \"web_default(u-1)\" failed - error: "
            + "command 'sh -c exit 3' exited with 3: oops\n, message: \"partial\\noops\\n\"");
    execAnswer = null;
    assertThat(run(new LifecycleHandlerBuilder().withNewExec().withCommand("sleep", "60").endExec().build())).contains(
        "Exec lifecycle hook ([sleep 60]) for Container \"app\" in Pod \"web_default(u-1)\" failed - error: command \"sleep 60\" timed out, message: \"\"");
  }

  @Test
  void anHttpHookIsDoneWithAnyAnswerAndFailsOnlyWithoutOne() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      ex.sendResponseHeaders(500, -1);
      ex.close();
    });
    server.start();
    try {
      int port = server.getAddress().getPort();
      assertThat(run(new LifecycleHandlerBuilder().withNewHttpGet().withPath("/hook").withPort(new IntOrString(port)).endHttpGet().build())).isEmpty();
    } finally {
      server.stop(0);
    }
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    assertThat(run(new LifecycleHandlerBuilder().withNewHttpGet().withPath("/hook").withPort(new IntOrString(closed)).endHttpGet().build())).contains(
        "HTTP lifecycle hook (/hook) for Container \"app\" in Pod \"web_default(u-1)\" failed - error: Get \"http://127.0.0.1:" + closed
            + "/hook\": dial tcp 127.0.0.1:" + closed + ": connect: connection refused");
  }

  @Test
  void anHttpsHookAnsweredInPlainHttpIsRetriedOverHttpWithAnEvent() throws Exception {
    try (ServerSocket plain = new ServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
      Thread answer = Thread.ofVirtual().start(() -> {
        for (int i = 0; i < 2; i++) {
          try (var s = plain.accept()) {
            s.getInputStream().read(new byte[1024]);
            s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          } catch (IOException e) {
            return;
          }
        }
      });
      int port = plain.getLocalPort();
      assertThat(run(new LifecycleHandlerBuilder().withNewHttpGet().withScheme("HTTPS").withPath("/").withPort(new IntOrString(port)).endHttpGet()
          .build())).isEmpty();
      answer.join();
      assertThat(events).extracting(e -> e.type() + " " + e.reason() + " " + e.message())
          .containsExactly("Warning LifecycleHTTPFallback request to HTTPS lifecycle hook 127.0.0.1:" + port + " got HTTP response, retry with HTTP succeeded");
    }
  }

  @Test
  void aSleepHookSleepsAndFailsOnlyWhenCutShort() {
    assertThat(run(new LifecycleHandlerBuilder().withNewSleep().withSeconds(7L).endSleep().build())).isEmpty();
    assertThat(slept).containsExactly(Duration.ofSeconds(7));
    interruptSleep = true;
    assertThat(run(new LifecycleHandlerBuilder().withNewSleep().withSeconds(7L).endSleep().build())).contains(
        "Sleep lifecycle hook (7) for Container \"app\" in Pod \"web_default(u-1)\" failed - error: container terminated before sleep hook finished");
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void aTcpSocketHookCannotRun() {
    assertThat(run(new LifecycleHandlerBuilder().withNewTcpSocket().withPort(new IntOrString(80)).endTcpSocket().build()))
        .contains("Cannot run handler: invalid handler: tcpSocket is not supported as a lifecycle handler");
  }
}
