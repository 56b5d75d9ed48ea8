package io.skiff.cli;

import io.skiff.apiserver.pki.Kubeconfig;
import io.skiff.apiserver.pki.Pki;
import io.skiff.apiserver.server.ApiServer;
import io.skiff.apiserver.server.ApiServerConfig;
import io.skiff.cli.bootstrap.BootstrapException;
import io.skiff.cli.bootstrap.ClusterBootstrap;
import io.skiff.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The control plane of one skiff process: the store, the cluster's credentials and the API server, wired together.
 * {@code skiff up} runs one; tests start one in-process with the same code.
 */
public final class ControlPlane implements AutoCloseable {

  /**
   * What to start.
   *
   * @param dataDir           where state, credentials and the kubeconfig live
   * @param bindAddress       the API server's address
   * @param port              the API server's port (0: any free one)
   * @param datastore         the store: embedded SQLite in the data dir, or etcd
   * @param token             the cluster token to join with ({@code --token}); only with etcd
   */
  public record Config(Path dataDir, String bindAddress, int port, Datastore datastore, Optional<String> token) {
    public Config {
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(bindAddress, "bindAddress");
      Objects.requireNonNull(datastore, "datastore");
      Objects.requireNonNull(token, "token");
    }

    /** A control plane on {@code datastoreEndpoint} (null: the embedded store) without a token. */
    public Config(Path dataDir, String bindAddress, int port, String datastoreEndpoint) {
      this(dataDir, bindAddress, port, new Datastore(datastoreEndpoint, null, null, null), Optional.empty());
    }
  }

  private final Config config;
  private final Store store;
  private final ApiServer server;
  private final Path kubeconfig;
  private final ClusterBootstrap.Outcome bootstrap;

  private ControlPlane(Config config, Store store, ApiServer server, Path kubeconfig, ClusterBootstrap.Outcome bootstrap) {
    this.config = config;
    this.store = store;
    this.server = server;
    this.kubeconfig = kubeconfig;
    this.bootstrap = bootstrap;
  }

  /**
   * Opens the store, makes or loads the credentials (from the datastore when it is etcd: see {@link ClusterBootstrap}),
   * starts the API server and writes the admin kubeconfig.
   *
   * @throws BootstrapException when the datastore holds a cluster this server may not join (a wrong token)
   * @throws io.skiff.common.SkiffException.Unavailable when the datastore cannot be reached
   * @throws IllegalArgumentException for flags that do not fit together
   */
  public static ControlPlane start(Config config) throws Exception {
    Files.createDirectories(config.dataDir());
    if (!config.datastore().isEtcd() && config.token().isPresent()) {
      throw new IllegalArgumentException("--token joins a cluster kept in etcd (--datastore-endpoint http(s)://...); "
          + "with the embedded store each server makes its own token");
    }
    Store store = StoreFactory.open(config.datastore(), config.dataDir());
    try {
      ClusterBootstrap.Outcome outcome = config.datastore().isEtcd()
          ? ClusterBootstrap.ensure(store, config.dataDir(), config.token(), config.datastore().endpoint())
          : ClusterBootstrap.Outcome.CREATED;
      Pki pki = Pki.openOrCreate(config.dataDir().resolve("tls"));
      String token = pki.tokenAt(config.dataDir().resolve("token"));
      Pki.Credential admin = pki.clientCredential("client-admin", "skiff-admin", List.of("system:masters"));
      ApiServer server = new ApiServer(new ApiServerConfig(config.bindAddress(), config.port(), Set.of(), Set.of()), store, pki, token,
          InstantSource.system());
      server.start();
      Path kubeconfig = config.dataDir().resolve("kubeconfig.yaml");
      Pki.write(kubeconfig, Kubeconfig.render(server.url(), pki.caPem(), admin, "skiff"), true);
      return new ControlPlane(config, store, server, kubeconfig, outcome);
    } catch (Exception | Error e) {
      store.close();
      throw e;
    }
  }

  /** Compacts the store's history at {@code revision} (the API server also does so every five minutes). */
  public void compact(long revision) {
    server.compact(revision);
  }

  /** Whether the store may be shared with other servers (etcd), so controllers need a leader election. */
  public boolean sharedStore() {
    return config.datastore().isEtcd();
  }

  /** Whether this server created the cluster or joined one kept in the datastore. */
  public ClusterBootstrap.Outcome bootstrap() {
    return bootstrap;
  }

  public Path dataDir() {
    return config.dataDir();
  }

  public String url() {
    return server.url();
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  @Override
  public void close() {
    server.close();
    store.close();
  }
}
