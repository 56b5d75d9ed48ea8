package io.skiff.kubelet.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP client of probes and hooks against a loopback server: headers, redirects, body limit, Go's error texts. */
class HttpGetterTest {
  private HttpServer server;
  private int port;
  private final Map<String, String> seen = new ConcurrentHashMap<>();
  private final CountDownLatch never = new CountDownLatch(1);
  private final HttpGetter http = new HttpGetter();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
    port = server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    never.countDown();
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    seen.put("path", ex.getRequestURI().toString());
    ex.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(), String.join(",", v)));
    switch (path) {
      case "/big" -> reply(ex, 200, "x".repeat(20_000));
      case "/chunked" -> {
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
          out.write("part one ".getBytes(StandardCharsets.UTF_8));
          out.flush();
          out.write("part two".getBytes(StandardCharsets.UTF_8));
        }
      }
      case "/loop" -> redirect(ex, "/loop");
      case "/hop" -> redirect(ex, "/ok");
      case "/away" -> redirect(ex, "http://localhost:" + port + "/ok");
      case "/slow" -> {
        try {
          never.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        reply(ex, 200, "late");
      }
      case "/fail" -> reply(ex, 500, "boom");
      default -> reply(ex, 200, "ok");
    }
  }

  private static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().add("Location", location);
    reply(ex, 302, "moved");
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  private HttpTarget target(String path) {
    return HttpTarget.of(new HTTPGetActionBuilder().withPath(path).withPort(new IntOrString(port)).withScheme("HTTP").build(),
        new ContainerBuilder().withName("app").build(), "127.0.0.1", "probe");
  }

  @Test
  void sendsTheKubeletsHeadersAndTheActionsOwnWithTheHostOverridden() {
    HttpTarget t = HttpTarget.of(new HTTPGetActionBuilder().withPath("/ok?x=1").withPort(new IntOrString(port))
        .addNewHttpHeader().withName("x-custom").withValue("v").endHttpHeader()
        .addNewHttpHeader().withName("Host").withValue("example.test").endHttpHeader().build(),
        new ContainerBuilder().withName("app").build(), "127.0.0.1", "probe");
    assertThat(http.get(t, Duration.ofSeconds(5), HttpGetter.Redirects.SAME_HOST)).isEqualTo(new HttpGetter.Answered(200, "ok"));
    assertThat(seen).containsEntry("path", "/ok?x=1").containsEntry("user-agent", "kube-probe/1.33").containsEntry("accept", "*/*")
        .containsEntry("x-custom", "v").containsEntry("host", "example.test").containsEntry("connection", "close");
  }

  @Test
  void anEmptyAcceptHeaderRemovesItAndAUserAgentReplacesTheKubelets() {
    HttpTarget t = HttpTarget.of(new HTTPGetActionBuilder().withPath("/ok").withPort(new IntOrString(port))
        .addNewHttpHeader().withName("Accept").withValue("").endHttpHeader()
        .addNewHttpHeader().withName("User-Agent").withValue("mine").endHttpHeader().build(),
        new ContainerBuilder().withName("app").build(), "127.0.0.1", "lifecycle");
    http.get(t, Duration.ofSeconds(5), HttpGetter.Redirects.SAME_HOST);
    assertThat(seen).doesNotContainKey("accept").containsEntry("user-agent", "mine");
  }

  @Test
  void followsRedirectsToTheSameHostButAnswersWithARedirectElsewhere() {
    assertThat(http.get(target("/hop"), Duration.ofSeconds(5), HttpGetter.Redirects.SAME_HOST)).isEqualTo(new HttpGetter.Answered(200, "ok"));
    assertThat(http.get(target("/away"), Duration.ofSeconds(5), HttpGetter.Redirects.SAME_HOST)).isEqualTo(new HttpGetter.Answered(302, "moved"));
    assertThat(http.get(target("/away"), Duration.ofSeconds(5), HttpGetter.Redirects.ANY_HOST)).isEqualTo(new HttpGetter.Answered(200, "ok"));
  }

  @Test
  void stopsAfterTenRequests() {
    assertThat(http.get(target("/loop"), Duration.ofSeconds(5), HttpGetter.Redirects.SAME_HOST))
        .isEqualTo(new HttpGetter.Failed("Get \"/loop\": stopped after 10 redirects", false));
  }

  @Test
  void readsAtMostTenKilobytesOfTheBodyAndDecodesChunks() {
    assertThat(http.get(target("/big"), Duration.ofSeconds(5), HttpGetter.Redirects.SAME_HOST))
        .isEqualTo(new HttpGetter.Answered(200, "x".repeat(HttpGetter.MAX_BODY)));
    assertThat(http.get(target("/chunked"), Duration.ofSeconds(5), HttpGetter.Redirects.SAME_HOST))
        .isEqualTo(new HttpGetter.Answered(200, "part one part two"));
  }

  @Test
  void aRequestWithoutAnswerFailsWithGosErrorTexts() throws IOException {
    assertThat(http.get(target("/slow"), Duration.ofMillis(300), HttpGetter.Redirects.SAME_HOST)).isEqualTo(new HttpGetter.Failed(
        "Get \"http://127.0.0.1:" + port + "/slow\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)", false));
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    HttpTarget refused = new HttpTarget(false, "127.0.0.1", closed, "/", List.of());
    assertThat(http.get(refused, Duration.ofSeconds(5), HttpGetter.Redirects.SAME_HOST)).isEqualTo(new HttpGetter.Failed(
        "Get \"http://127.0.0.1:" + closed + "/\": dial tcp 127.0.0.1:" + closed + ": connect: connection refused", false));
  }

  @Test
  void anHttpAnswerToAnHttpsRequestIsATlsHandshakeFailure() throws Exception {
    try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread answer = Thread.ofVirtual().start(() -> {
        try (var s = plain.accept()) {
          s.getInputStream().read(new byte[512]);
          s.getOutputStream().write("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"
              .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          // the test's assertion tells
        }
      });
      HttpTarget https = new HttpTarget(true, "127.0.0.1", plain.getLocalPort(), "/ok", List.of());
      assertThat(http.get(https, Duration.ofSeconds(5), HttpGetter.Redirects.ANY_HOST)).isInstanceOfSatisfying(HttpGetter.Failed.class,
          f -> assertThat(f.tlsHandshake()).as(f.error()).isTrue());
      answer.join();
    }
  }
}
