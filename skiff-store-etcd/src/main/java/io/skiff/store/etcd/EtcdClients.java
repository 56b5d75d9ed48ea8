package io.skiff.store.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.skiff.common.SkiffException;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLException;

/** Builds the jetcd client for a {@link EtcdStoreConfig}: endpoints, TLS files, and bounded connect and retry times. */
final class EtcdClients {
  private EtcdClients() {}

  static Client build(EtcdStoreConfig config) {
    // Netty's off-heap allocator goes through sun.misc.Unsafe, which JDK 24+ warns about on stderr at first use; the
    // few small gRPC messages per request do not need it. A value set by the user wins.
    if (System.getProperty("io.netty.noUnsafe") == null) {
      System.setProperty("io.netty.noUnsafe", "true");
    }
    Duration timeout = config.requestTimeout();
    ClientBuilder b = Client.builder()
        .endpoints(config.endpoints().toArray(URI[]::new))
        .connectTimeout(timeout)
        .retryMaxDuration(timeout)
        .retryDelay(200)
        .retryMaxDelay(1000)
        .keepaliveTime(Duration.ofSeconds(10))
        .keepaliveTimeout(Duration.ofSeconds(5))
        .waitForReady(false);
    if (config.tls().isPresent()) {
      EtcdStoreConfig.Tls tls = config.tls().get();
      try {
        b.sslContext(ssl -> {
          if (tls.caFile() != null) {
            ssl.trustManager(tls.caFile().toFile());
          }
          if (tls.certFile() != null) {
            ssl.keyManager(tls.certFile().toFile(), tls.keyFile().toFile());
          }
        });
      } catch (SSLException | IllegalArgumentException e) {
        throw new SkiffException.BadRequest("cannot use the datastore TLS files " + tls + ": " + e.getMessage(), e);
      }
    }
    return b.build();
  }
}
