package io.skiff.apiserver.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.apiserver.decode.Json;
import io.skiff.apiserver.openapi.OpenApiV3;
import io.skiff.apiserver.pki.Pki;
import io.skiff.apiserver.registry.Strategies;
import io.skiff.apiserver.resource.ResourceStrategy;
import io.skiff.apiserver.resource.ResourceType;
import io.skiff.apiserver.resource.ResourceTypes;
import io.skiff.apiserver.rest.GenericRegistry;
import io.skiff.apiserver.storage.ObjectCodec;
import io.skiff.apiserver.storage.ResourceStore;
import io.skiff.apiserver.storage.WatchCache;
import io.skiff.apiserver.storage.WatchCaches;
import io.skiff.store.Store;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Kubernetes API server: builds the registries over a {@link Store}, loads the watch caches, and serves HTTPS
 * (HTTP/2 and HTTP/1.1) with handlers on virtual threads. Constructing it wires; {@link #start()} listens.
 */
public final class ApiServer implements AutoCloseable {
  private final ApiServerConfig config;
  private final Store store;
  private final Pki pki;
  private final Server jetty;
  private final WatchCaches caches;
  private final NamespaceLifecycle namespaces;
  private final CachedPriorityClasses priorityClasses;
  private final Router router;
  private final CompletableFuture<OpenApiV3> openApi = new CompletableFuture<>();
  private ServerConnector connector;
  private Thread compactor;
  /** How often history is compacted; what was current one interval ago is kept, as kube-apiserver's compactor does. */
  private static final java.time.Duration COMPACTION_INTERVAL = java.time.Duration.ofMinutes(5);

  public ApiServer(ApiServerConfig config, Store store, Pki pki, String token, InstantSource clock) {
    ObjectMapper mapper = Json.mapper();
    this.config = config;
    this.store = store;
    this.pki = pki;
    ObjectCodec objectCodec = new ObjectCodec(mapper);
    List<WatchCache> cacheList = new ArrayList<>();
    Map<ResourceType, GenericRegistry> registries = new LinkedHashMap<>();
    NamespaceLifecycle[] gate = new NamespaceLifecycle[1];
    this.priorityClasses = new CachedPriorityClasses(() -> registries.get(ResourceTypes.PRIORITY_CLASSES));
    for (ResourceType type : ResourceTypes.ALL) {
      WatchCache cache = new WatchCache(type, objectCodec);
      cacheList.add(cache);
      @SuppressWarnings("unchecked")
      ResourceStrategy<HasMetadata> strategy = (ResourceStrategy<HasMetadata>) Strategies.forType(type, priorityClasses);
      registries.put(type, new GenericRegistry(type, new ResourceStore(type, store, objectCodec, cache), strategy,
          ns -> gate[0].checkCreate(ns), clock));
    }
    this.caches = new WatchCaches(store, cacheList);
    this.namespaces = new NamespaceLifecycle(registries, clock);
    gate[0] = namespaces;
    ListServer lists = new ListServer(mapper, clock);
    AgentClient agents = new AgentClient(pki, pki.clientCredential("apiserver-kubelet-client", "kube-apiserver-kubelet-client", List.of("system:masters")));
    ResourceHandler resources = new ResourceHandler(registries, mapper, lists, namespaces, new LogProxy(registries, agents),
        new StreamProxy(registries, agents), clock);
    this.router = new Router(mapper, new Discovery(mapper), resources, this::openApi, new Authenticator(pki, token), this::ready,
        new AgentEnrollment(pki));
    this.jetty = new Server(threadPool());
  }

  private static QueuedThreadPool threadPool() {
    QueuedThreadPool pool = new QueuedThreadPool(64, 4);
    pool.setName("apiserver");
    pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    return pool;
  }

  /** Loads the caches, makes the built-in namespaces and priority classes, and starts listening. */
  public void start() throws Exception {
    Thread.ofVirtual().name("openapi").start(() -> {
      try {
        openApi.complete(OpenApiV3.forServedTypes());
      } catch (RuntimeException | Error e) {
        openApi.completeExceptionally(e);
      }
    });
    caches.start();
    namespaces.start();
    priorityClasses.ensureSystemClasses();
    compactor = Thread.ofVirtual().name("compactor").start(this::compactPeriodically);
    Pki.Credential serving = pki.servingCredential(dnsNames(), ipAddresses());
    SslContextFactory.Server tls = new SslContextFactory.Server();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    char[] password = "skiff".toCharArray();
    keys.setKeyEntry("serving", serving.key(), password, new Certificate[] {serving.certificate(), pki.caCertificate()});
    tls.setKeyStore(keys);
    tls.setKeyStorePassword("skiff");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", pki.caCertificate());
    tls.setTrustStore(trust);
    tls.setWantClientAuth(true);
    tls.setEndpointIdentificationAlgorithm(null);

    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false);
    http.addCustomizer(secure);
    HttpConnectionFactory h1 = new HttpConnectionFactory(http);
    HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
    alpn.setDefaultProtocol(h1.getProtocol());
    SslConnectionFactory ssl = new SslConnectionFactory(tls, alpn.getProtocol());
    connector = new ServerConnector(jetty, ssl, alpn, h2, h1);
    connector.setHost(config.bindAddress());
    connector.setPort(config.port());
    connector.setIdleTimeout(3_600_000);
    jetty.addConnector(connector);
    jetty.setHandler(router);
    jetty.setStopTimeout(2000);
    jetty.start();
  }

  private void compactPeriodically() {
    long previous = 0;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(COMPACTION_INTERVAL);
        long current = store.currentRevision();
        if (previous > 0) {
          compact(previous);
        }
        previous = current;
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(ApiServer.class).warn("compaction failed: {}", e.toString());
      }
    }
  }

  /** Compacts history at {@code revision}: watches and continue tokens from before it answer 410 Gone. */
  public void compact(long revision) {
    if (revision > store.compactedRevision()) {
      caches.compact(revision);
    }
  }

  /** The port listened on (useful with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** {@code https://host:port} as clients should use it. */
  public String url() {
    String host = config.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : config.bindAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "https://" + host + ":" + port();
  }

  /** The OpenAPI documents, generated once on a background thread at start (they are not needed to become ready). */
  private OpenApiV3 openApi() {
    return openApi.join();
  }

  /** Ready while listening and the store answers (kube-apiserver's readyz has the same etcd check). */
  private boolean ready() {
    if (!jetty.isStarted()) {
      return false;
    }
    try {
      store.currentRevision();
      return true;
    } catch (io.skiff.common.SkiffException e) {
      org.slf4j.LoggerFactory.getLogger(ApiServer.class).warn("not ready: {}", e.getMessage());
      return false;
    }
  }

  private Set<String> dnsNames() {
    Set<String> names = new LinkedHashSet<>(List.of("localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"));
    try {
      names.add(InetAddress.getLocalHost().getHostName());
    } catch (UnknownHostException e) {
      // no resolvable host name: the other names still serve
    }
    names.addAll(config.dnsNames());
    return names;
  }

  private Set<String> ipAddresses() {
    Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
    if (!config.bindAddress().equals("0.0.0.0") && !config.bindAddress().equals("::")) {
      ips.add(config.bindAddress());
    }
    ips.addAll(config.ipAddresses());
    return ips;
  }

  @Override
  public void close() {
    if (compactor != null) {
      compactor.interrupt();
    }
    try {
      jetty.stop();
    } catch (Exception e) {
      // stopping anyway
    }
    caches.close();
  }
}
