package io.skiff.store.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.skiff.common.SkiffException;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * Builds the jetcd client for a {@link EtcdStoreConfig}: endpoints, TLS files (keys in PKCS#8, SEC1 or PKCS#1 PEM, read
 * with Bouncy Castle, as etcd's and k3s's tooling writes them), and bounded connect and retry times.
 */
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
            ssl.keyManager(PemFiles.privateKey(tls.keyFile()), PemFiles.certificates(tls.certFile()));
          }
        });
      } catch (SSLException | IllegalArgumentException | java.io.UncheckedIOException e) {
        throw new SkiffException.BadRequest("cannot use the datastore TLS files " + tls + ": " + e.getMessage(), e);
      }
    }
    return b.build();
  }
}
