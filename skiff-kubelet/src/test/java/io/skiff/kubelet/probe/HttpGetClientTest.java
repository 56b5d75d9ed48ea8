package io.skiff.kubelet.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The GET of probes and hooks against an in-JVM Jetty server: headers, redirects, body limit, TLS, Go's error texts. */
class HttpGetClientTest {
  private final Map<String, String> seen = new ConcurrentHashMap<>();
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private LoopbackServer server;
  private ProbeTransport transport;
  private HttpGetClient http;

  @BeforeEach
  void start() {
    server = LoopbackServer.http(this::handle);
    transport = ProbeTransport.start();
    http = new HttpGetClient(transport);
  }

  @AfterEach
  void stop() throws Exception {
    transport.close();
    server.close();
  }

  private void handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    seen.clear();
    seen.put("target", request.getHttpURI().getPathQuery());
    for (HttpField f : request.getHeaders()) {
      seen.merge(f.getLowerCaseName(), f.getValue(), (a, b) -> a + "," + b);
    }
    clientPorts.add(Request.getRemotePort(request));
    switch (path) {
      case "/big" -> LoopbackServer.reply(response, callback, 200, "x".repeat(20_000));
      case "/chunked" -> {
        LoopbackServer.writePart(response, "part one ");
        response.write(true, java.nio.ByteBuffer.wrap("part two".getBytes(StandardCharsets.UTF_8)), callback);
      }
      case "/loop" -> redirect(response, callback, "/loop");
      case "/hop" -> redirect(response, callback, "/ok");
      case "/away" -> redirect(response, callback, "http://localhost:" + server.port() + "/ok");
      case "/slow" -> {
        server.released().await();
        LoopbackServer.reply(response, callback, 200, "late");
      }
      case "/trickle" -> {
        LoopbackServer.writePart(response, "first part");
        server.released().await();
        LoopbackServer.reply(response, callback, 200, "");
      }
      case "/fail" -> LoopbackServer.reply(response, callback, 500, "boom");
      default -> LoopbackServer.reply(response, callback, 200, "ok");
    }
  }

  private static void redirect(Response response, Callback callback, String location) {
    response.getHeaders().put(HttpHeader.LOCATION, location);
    LoopbackServer.reply(response, callback, 302, "moved");
  }

  private HttpTarget target(String path) {
    return HttpTarget.of(new HTTPGetActionBuilder().withPath(path).withPort(new IntOrString(server.port())).withScheme("HTTP").build(),
        new ContainerBuilder().withName("app").build(), "127.0.0.1", "probe");
  }

  @Test
  void sendsTheKubeletsHeadersAndTheActionsOwnWithTheHostOverridden() {
    HttpTarget t = HttpTarget.of(new HTTPGetActionBuilder().withPath("/ok?x=1&y=a%20b").withPort(new IntOrString(server.port()))
        .addNewHttpHeader().withName("x-custom").withValue("v").endHttpHeader()
        .addNewHttpHeader().withName("Host").withValue("example.test").endHttpHeader().build(),
        new ContainerBuilder().withName("app").build(), "127.0.0.1", "probe");
    assertThat(http.get(t, Duration.ofSeconds(5), HttpGetClient.Redirects.SAME_HOST)).isEqualTo(new HttpGetClient.Answered(200, "ok"));
    assertThat(seen).containsOnlyKeys("target", "host", "user-agent", "accept", "x-custom", "connection")
        .containsEntry("target", "/ok?x=1&y=a%20b").containsEntry("user-agent", "kube-probe/1.33").containsEntry("accept", "*/*")
        .containsEntry("x-custom", "v").containsEntry("host", "example.test").containsEntry("connection", "close");
  }

  @Test
  void theHostHeaderIsTheAddressWithItsPortWhenTheActionSetsNone() {
    http.get(target("/ok"), Duration.ofSeconds(5), HttpGetClient.Redirects.SAME_HOST);
    assertThat(seen).containsEntry("host", "127.0.0.1:" + server.port());
  }

  @Test
  void anEmptyAcceptHeaderRemovesItAndAUserAgentReplacesTheKubelets() {
    HttpTarget t = HttpTarget.of(new HTTPGetActionBuilder().withPath("/ok").withPort(new IntOrString(server.port()))
        .addNewHttpHeader().withName("Accept").withValue("").endHttpHeader()
        .addNewHttpHeader().withName("User-Agent").withValue("mine").endHttpHeader().build(),
        new ContainerBuilder().withName("app").build(), "127.0.0.1", "lifecycle");
    http.get(t, Duration.ofSeconds(5), HttpGetClient.Redirects.SAME_HOST);
    assertThat(seen).doesNotContainKey("accept").containsEntry("user-agent", "mine");
  }

  @Test
  void followsRedirectsToTheSameHostButAnswersWithARedirectElsewhere() {
    assertThat(http.get(target("/hop"), Duration.ofSeconds(5), HttpGetClient.Redirects.SAME_HOST))
        .isEqualTo(new HttpGetClient.Answered(200, "ok"));
    assertThat(http.get(target("/away"), Duration.ofSeconds(5), HttpGetClient.Redirects.SAME_HOST))
        .isEqualTo(new HttpGetClient.Answered(302, "moved"));
    assertThat(http.get(target("/away"), Duration.ofSeconds(5), HttpGetClient.Redirects.ANY_HOST))
        .isEqualTo(new HttpGetClient.Answered(200, "ok"));
  }

  @Test
  void aRedirectToAnotherHostDropsTheCredentialsAndTheHostHeader() {
    HttpTarget t = HttpTarget.of(new HTTPGetActionBuilder().withPath("/away").withPort(new IntOrString(server.port()))
        .addNewHttpHeader().withName("Authorization").withValue("Bearer secret").endHttpHeader()
        .addNewHttpHeader().withName("Host").withValue("example.test").endHttpHeader().build(),
        new ContainerBuilder().withName("app").build(), "127.0.0.1", "lifecycle");
    assertThat(http.get(t, Duration.ofSeconds(5), HttpGetClient.Redirects.ANY_HOST)).isEqualTo(new HttpGetClient.Answered(200, "ok"));
    assertThat(seen).containsEntry("target", "/ok").containsEntry("host", "localhost:" + server.port()).doesNotContainKey("authorization");
  }

  @Test
  void stopsAfterTenRequests() {
    assertThat(http.get(target("/loop"), Duration.ofSeconds(5), HttpGetClient.Redirects.SAME_HOST))
        .isEqualTo(new HttpGetClient.Failed("Get \"/loop\": stopped after 10 redirects", false));
  }

  @Test
  void everyRequestHasAConnectionOfItsOwn() {
    http.get(target("/hop"), Duration.ofSeconds(5), HttpGetClient.Redirects.SAME_HOST);
    http.get(target("/ok"), Duration.ofSeconds(5), HttpGetClient.Redirects.SAME_HOST);
    assertThat(clientPorts).hasSize(3);
  }

  @Test
  void readsAtMostTenKilobytesOfTheBodyAndDecodesChunks() {
    assertThat(http.get(target("/big"), Duration.ofSeconds(5), HttpGetClient.Redirects.SAME_HOST))
        .isEqualTo(new HttpGetClient.Answered(200, "x".repeat(HttpGetClient.MAX_BODY)));
    assertThat(http.get(target("/chunked"), Duration.ofSeconds(5), HttpGetClient.Redirects.SAME_HOST))
        .isEqualTo(new HttpGetClient.Answered(200, "part one part two"));
  }

  @Test
  void aBodyTheDeadlineCutsShortIsWhatArrivedOfIt() {
    // long enough for the headers to arrive even in a cold JVM
    assertThat(http.get(target("/trickle"), Duration.ofMillis(2000), HttpGetClient.Redirects.SAME_HOST))
        .isEqualTo(new HttpGetClient.Answered(200, "first part"));
  }

  @Test
  void aRequestWithoutAnswerFailsWithGosErrorTexts() throws IOException {
    assertThat(http.get(target("/slow"), Duration.ofMillis(300), HttpGetClient.Redirects.SAME_HOST)).isEqualTo(new HttpGetClient.Failed(
        "Get \"http://127.0.0.1:" + server.port() + "/slow\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)", false));
    int closed = closedPort();
    HttpTarget refused = new HttpTarget(false, "127.0.0.1", closed, "/", List.of());
    assertThat(http.get(refused, Duration.ofSeconds(5), HttpGetClient.Redirects.SAME_HOST)).isEqualTo(new HttpGetClient.Failed(
        "Get \"http://127.0.0.1:" + closed + "/\": dial tcp 127.0.0.1:" + closed + ": connect: connection refused", false));
  }

  @Test
  void aServerThatClosesWithoutAnsweringIsAnEof() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread peer = Thread.ofVirtual().start(() -> {
        try (var s = silent.accept()) {
          s.getInputStream().read(new byte[512]);
        } catch (IOException e) {
          // the test's assertion tells
        }
      });
      HttpTarget t = new HttpTarget(false, "127.0.0.1", silent.getLocalPort(), "/", List.of());
      assertThat(http.get(t, Duration.ofSeconds(5), HttpGetClient.Redirects.SAME_HOST))
          .isEqualTo(new HttpGetClient.Failed("Get \"http://127.0.0.1:" + silent.getLocalPort() + "/\": EOF", false));
      peer.join();
    }
  }

  @Test
  void anAnswerThatIsNotHttpIsAMalformedResponse() throws Exception {
    try (ServerSocket odd = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread peer = Thread.ofVirtual().start(() -> {
        try (var s = odd.accept()) {
          s.getInputStream().read(new byte[512]);
          s.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          // the test's assertion tells
        }
      });
      HttpTarget t = new HttpTarget(false, "127.0.0.1", odd.getLocalPort(), "/", List.of());
      assertThat(http.get(t, Duration.ofSeconds(5), HttpGetClient.Redirects.SAME_HOST)).isEqualTo(new HttpGetClient.Failed("Get \"http://127.0.0.1:"
          + odd.getLocalPort() + "/\": net/http: HTTP/1.x transport connection broken: malformed HTTP response", false));
      peer.join();
    }
  }

  @Test
  void speaksTlsWithoutVerifyingTheServersCertificate() {
    HttpTarget t = new HttpTarget(true, "127.0.0.1", server.tlsPort(), "/ok", List.of(new HttpTarget.Header("User-Agent", "kube-probe/1.33")));
    assertThat(http.get(t, Duration.ofSeconds(5), HttpGetClient.Redirects.SAME_HOST)).isEqualTo(new HttpGetClient.Answered(200, "ok"));
    assertThat(seen).containsEntry("host", "127.0.0.1:" + server.tlsPort());
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
      assertThat(http.get(https, Duration.ofSeconds(5), HttpGetClient.Redirects.ANY_HOST)).isInstanceOfSatisfying(HttpGetClient.Failed.class,
          f -> assertThat(f.tlsHandshake()).as(f.error()).isTrue());
      answer.join();
    }
  }

  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
