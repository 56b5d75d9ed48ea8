package io.skiff.kubelet.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gRPC probe against an in-JVM HTTP/2 cleartext server that speaks grpc.health.v1, and against servers that do not. */
class GrpcProbeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration SHORT = Duration.ofMillis(300);

  private final HealthService health = new HealthService(Map.of("", 1, "web", 1, "sick", 2, "starting", 0, "gone", 3));
  private LoopbackServer server;
  private ProbeTransport transport;
  private GrpcProbe grpc;

  @BeforeEach
  void start() {
    server = LoopbackServer.h2c(this::handle);
    transport = ProbeTransport.start();
    grpc = new GrpcProbe(transport);
  }

  @AfterEach
  void stop() throws Exception {
    transport.close();
    server.close();
  }

  /** The service asked for picks the behaviour; the ones not listed here are answered from the health table. */
  private void handle(Request request, Response response, Callback callback) throws Exception {
    String service = health.read(request);
    switch (service) {
      case "broken" -> HealthService.answer(response, callback, GrpcHealth.response(1),
          HttpFields.build().put("grpc-status", "13").put("grpc-message", "disk%20full%3A%20100%25"));
      case "slow" -> {
        server.released().await();
        HealthService.answer(response, callback, GrpcHealth.response(1), HttpFields.build().put("grpc-status", "0"));
      }
      case "unimplemented" -> HealthService.trailersOnly(response, callback, 12, "unknown service grpc.health.v1.Health");
      case "html" -> {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html");
        response.setStatus(503);
        response.write(true, ByteBuffer.wrap("<h1>down</h1>".getBytes(StandardCharsets.UTF_8)), callback);
      }
      default -> health.respond(service, response, callback);
    }
  }

  private ProbeOutcome check(String service, Duration timeout) {
    return grpc.run("127.0.0.1", server.port(), service, timeout);
  }

  @Test
  void aServingServicePassesAndTheRequestIsTheHealthProtocol() {
    assertThat(check("", TIMEOUT)).isEqualTo(new ProbeOutcome.Success("service healthy"));
    assertThat(health.lastRequest()).containsEntry(":method", "POST").containsEntry(":path", "/grpc.health.v1.Health/Check")
        .containsEntry("content-type", "application/grpc").containsEntry("te", "trailers").containsEntry("user-agent", "kube-probe/1.33")
        .containsEntry("service", "");
    assertThat(health.lastRequest().get("grpc-timeout")).matches("[0-9]{1,8}[numSMH]");
    assertThat(check("web", TIMEOUT)).isEqualTo(new ProbeOutcome.Success("service healthy"));
    assertThat(health.lastRequest()).containsEntry("service", "web");
  }

  @Test
  void anyOtherServingStatusFailsWithItsName() {
    assertThat(check("sick", TIMEOUT)).isEqualTo(new ProbeOutcome.Failure("service unhealthy (responded with \"NOT_SERVING\")"));
    assertThat(check("starting", TIMEOUT)).isEqualTo(new ProbeOutcome.Failure("service unhealthy (responded with \"UNKNOWN\")"));
    assertThat(check("gone", TIMEOUT)).isEqualTo(new ProbeOutcome.Failure("service unhealthy (responded with \"SERVICE_UNKNOWN\")"));
  }

  @Test
  void anUnknownServiceFailsWithTheServersStatus() {
    assertThat(check("nope", TIMEOUT)).isEqualTo(
        new ProbeOutcome.Failure("error: health rpc probe failed: rpc error: code = NotFound desc = unknown service"));
  }

  @Test
  void anErrorInTheTrailersFailsWithItsDecodedMessage() {
    assertThat(check("broken", TIMEOUT)).isEqualTo(
        new ProbeOutcome.Failure("error: health rpc probe failed: rpc error: code = Internal desc = disk full: 100%"));
  }

  @Test
  void aServerWithoutTheHealthServiceFailsAsNotImplementingTheProtocol() {
    assertThat(check("unimplemented", TIMEOUT)).isEqualTo(new ProbeOutcome.Failure(
        "error: this server does not implement the grpc health protocol (grpc.health.v1.Health): unknown service grpc.health.v1.Health"));
  }

  @Test
  void anAnswerThatIsNotGrpcFailsWithTheCodeOfItsHttpStatus() {
    assertThat(check("html", TIMEOUT)).isEqualTo(new ProbeOutcome.Failure("error: health rpc probe failed: rpc error: code = Unavailable desc = "
        + "unexpected HTTP status code received from server: 503 (Service Unavailable); transport: received unexpected content-type \"text/html\""));
  }

  @Test
  void aCallWithoutAnswerTimesOut() {
    // long enough for the connection to open even in a cold JVM, so that the call is what times out
    assertThat(check("slow", Duration.ofSeconds(2))).isEqualTo(new ProbeOutcome.Failure("timeout: health rpc did not complete within 2s"));
  }

  @Test
  void aRefusedConnectionFailsOnceTheTimeoutPassed() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    assertThat(grpc.run("127.0.0.1", closed, "", SHORT)).isEqualTo(new ProbeOutcome.Failure(
        "timeout: failed to connect service \"127.0.0.1:" + closed + "\" within 300ms: context deadline exceeded"));
  }

  @Test
  void aServerThatNeverSpeaksHttp2IsNotConnected() throws IOException {
    try (ServerSocket mute = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(grpc.run("127.0.0.1", mute.getLocalPort(), "", SHORT)).isEqualTo(new ProbeOutcome.Failure(
          "timeout: failed to connect service \"127.0.0.1:" + mute.getLocalPort() + "\" within 300ms: context deadline exceeded"));
    }
  }

  @Test
  void grpcTimeoutsUseTheFinestUnitThatFitsEightDigits() {
    assertThat(GrpcProbe.grpcTimeout(999_000_000L)).isEqualTo("999000u");
    assertThat(GrpcProbe.grpcTimeout(1_000_000_000L)).isEqualTo("1000000u");
    assertThat(GrpcProbe.grpcTimeout(Duration.ofMinutes(10).toNanos())).isEqualTo("600000m");
    assertThat(GrpcProbe.grpcTimeout(0)).isEqualTo("0n");
    assertThat(GrpcProbe.grpcTimeout(50)).isEqualTo("50n");
  }
}
