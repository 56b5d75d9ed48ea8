package io.skiff.cli;

import io.skiff.apiserver.pki.Kubeconfig;
import io.skiff.apiserver.pki.Pki;
import io.skiff.apiserver.server.ApiServer;
import io.skiff.apiserver.server.ApiServerConfig;
import io.skiff.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
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
   * @param datastoreEndpoint the store (null: embedded SQLite in the data dir)
   */
  public record Config(Path dataDir, String bindAddress, int port, String datastoreEndpoint) {
    public Config {
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(bindAddress, "bindAddress");
    }
  }

  private final Store store;
  private final ApiServer server;
  private final Path kubeconfig;

  private ControlPlane(Store store, ApiServer server, Path kubeconfig) {
    this.store = store;
    this.server = server;
    this.kubeconfig = kubeconfig;
  }

  /** Opens the store, makes or loads the credentials, starts the API server and writes the admin kubeconfig. */
  public static ControlPlane start(Config config) throws Exception {
    Files.createDirectories(config.dataDir());
    Store store = StoreFactory.open(config.datastoreEndpoint(), config.dataDir());
    try {
      Pki pki = Pki.openOrCreate(config.dataDir().resolve("tls"));
      String token = pki.tokenAt(config.dataDir().resolve("token"));
      Pki.Credential admin = pki.clientCredential("client-admin", "skiff-admin", List.of("system:masters"));
      ApiServer server = new ApiServer(new ApiServerConfig(config.bindAddress(), config.port(), Set.of(), Set.of()), store, pki, token,
          InstantSource.system());
      server.start();
      Path kubeconfig = config.dataDir().resolve("kubeconfig.yaml");
      Pki.write(kubeconfig, Kubeconfig.render(server.url(), pki.caPem(), admin, "skiff"), true);
      return new ControlPlane(store, server, kubeconfig);
    } catch (Exception | Error e) {
      store.close();
      throw e;
    }
  }

  /** Compacts the store's history at {@code revision} (the API server also does so every five minutes). */
  public void compact(long revision) {
    server.compact(revision);
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
