package io.skiff.kubelet.probe;

import io.skiff.kubelet.server.TlsMaterial;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An in-JVM Jetty server on 127.0.0.1 for the tests of probes and hooks: HTTP/1.1 in cleartext and over TLS (a fresh
 * self-signed certificate), or HTTP/2 in cleartext only (prior knowledge, as gRPC speaks it). Handlers may block until
 * {@link #close()} releases {@link #released()}.
 */
public final class LoopbackServer implements AutoCloseable {
  /** Answers one request; returns as Jetty's {@code Handler.handle} does. */
  @FunctionalInterface
  public interface Route {
    void handle(Request request, Response response, Callback callback) throws Exception;
  }

  private final Server server;
  private final ServerConnector plain;
  private final ServerConnector tls;
  private final CountDownLatch release;

  private LoopbackServer(Server server, ServerConnector plain, ServerConnector tls, CountDownLatch release) {
    this.server = server;
    this.plain = plain;
    this.tls = tls;
    this.release = release;
  }

  /** HTTP/1.1 on a cleartext port and on a TLS port. */
  public static LoopbackServer http(Route route) {
    return start(route, false);
  }

  /** HTTP/2 in cleartext with prior knowledge (no HTTP/1.1). */
  public static LoopbackServer h2c(Route route) {
    return start(route, true);
  }

  private static LoopbackServer start(Route route, boolean h2c) {
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("probe-test-server");
    Server server = new Server(threads);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendDateHeader(false);
    ServerConnector plain = new ServerConnector(server, 1, 1, h2c ? new HTTP2CServerConnectionFactory(config) : new HttpConnectionFactory(config));
    plain.setHost("127.0.0.1");
    server.addConnector(plain);
    ServerConnector tls = null;
    if (!h2c) {
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStore(TlsMaterial.selfSigned("localhost", List.of("127.0.0.1")));
      ssl.setKeyStorePassword(TlsMaterial.keyStorePassword());
      tls = new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(config));
      tls.setHost("127.0.0.1");
      server.addConnector(tls);
    }
    CountDownLatch release = new CountDownLatch(1);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        route.handle(request, response, callback);
        return true;
      }
    });
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("the test server did not start", e);
    }
    return new LoopbackServer(server, plain, tls, release);
  }

  public int port() {
    return plain.getLocalPort();
  }

  public int tlsPort() {
    return tls.getLocalPort();
  }

  /** Counted down by {@link #close()}: a handler that must not answer waits on it. */
  public CountDownLatch released() {
    return release;
  }

  /** Writes a whole response with a text body. */
  public static void reply(Response response, Callback callback, int status, String body) {
    response.setStatus(status);
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
  }

  /** Writes part of a body and waits until it went out. */
  public static void writePart(Response response, String part) throws Exception {
    try (Blocker.Callback written = Blocker.callback()) {
      response.write(false, ByteBuffer.wrap(part.getBytes(StandardCharsets.UTF_8)), written);
      written.block();
    }
  }

  @Override
  public void close() {
    release.countDown();
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the test server did not stop", e);
    }
  }
}
