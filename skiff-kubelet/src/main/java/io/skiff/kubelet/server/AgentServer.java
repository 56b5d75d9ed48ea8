package io.skiff.kubelet.server;

import io.skiff.common.SkiffException;
import io.skiff.kubelet.logs.ContainerLogs;
import java.security.KeyStore;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The agent's HTTPS API on Jetty 12, handlers on virtual threads. TLS requires a client certificate issued by the
 * configured CA: a client without one fails the handshake.
 */
public final class AgentServer implements AutoCloseable {
  private final Server jetty;
  private final ServerConnector connector;

  private AgentServer(Server jetty, ServerConnector connector) {
    this.jetty = jetty;
    this.connector = connector;
  }

  /** Starts serving; {@code nodeName} and {@code addresses} go into a self-signed certificate when none is configured. */
  public static AgentServer start(AgentServerConfig config, ContainerLogs logs, InstantSource clock, String nodeName, List<String> addresses) {
    return start(config, logs, null, clock, nodeName, addresses);
  }

  /** Starts serving logs and, when {@code streams} is given, exec and port-forward. */
  public static AgentServer start(AgentServerConfig config, ContainerLogs logs, io.skiff.kubelet.stream.StreamServer streams, InstantSource clock,
      String nodeName, List<String> addresses) {
    return start(config, logs, streams, null, clock, nodeName, addresses);
  }

  /** Starts serving logs, exec and port-forward when {@code streams} is given, and {@code /metrics} when {@code metrics} is. */
  public static AgentServer start(AgentServerConfig config, ContainerLogs logs, io.skiff.kubelet.stream.StreamServer streams, MetricsSource metrics,
      InstantSource clock, String nodeName, List<String> addresses) {
    QueuedThreadPool pool = new QueuedThreadPool(16, 2);
    pool.setName("skiff-agent-api");
    pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server jetty = new Server(pool);
    KeyStore serving = config.certPem() != null ? TlsMaterial.servingFromPem(config.certPem(), config.keyPem())
        : TlsMaterial.selfSigned(nodeName, addresses);
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStore(serving);
    tls.setKeyStorePassword(new String(TlsMaterial.PASSWORD));
    tls.setTrustStore(TlsMaterial.trust(config.clientCaPem()));
    tls.setNeedClientAuth(true);
    tls.setEndpointIdentificationAlgorithm(null);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false);
    http.addCustomizer(secure);
    HttpConnectionFactory h1 = new HttpConnectionFactory(http);
    ServerConnector connector = new ServerConnector(jetty, new SslConnectionFactory(tls, h1.getProtocol()), h1);
    connector.setHost(config.bindAddress());
    connector.setPort(config.port());
    connector.setIdleTimeout(3_600_000);
    jetty.addConnector(connector);
    org.eclipse.jetty.server.Handler handler = new StreamingHandler(streams, new ContainerLogsHandler(logs, clock));
    jetty.setHandler(metrics == null ? handler : new MetricsHandler(metrics, handler));
    jetty.setStopTimeout(2000);
    try {
      jetty.start();
    } catch (Exception e) {
      try {
        jetty.stop();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new SkiffException.Unavailable("cannot start the agent's API on " + config.bindAddress() + ":" + config.port() + ": " + e.getMessage(), e);
    }
    return new AgentServer(jetty, connector);
  }

  /** The port listened on (useful with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new SkiffException.Internal("cannot stop the agent's API: " + e.getMessage(), e);
    }
  }
}
