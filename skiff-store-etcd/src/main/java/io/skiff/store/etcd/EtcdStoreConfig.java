package io.skiff.store.etcd;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach etcd.
 *
 * @param endpoints      the members' client URLs, all {@code http} or all {@code https}
 * @param tls            the files for {@code https}: required with https, refused with http
 * @param requestTimeout how long one request may take before it fails (etcd unreachable answers well within it)
 */
public record EtcdStoreConfig(List<URI> endpoints, Optional<Tls> tls, Duration requestTimeout) {

  /** The default bound of one request. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Client TLS, as k3s's {@code --datastore-cafile/--datastore-certfile/--datastore-keyfile}.
   *
   * @param caFile   the CA that signed etcd's serving certificate (PEM); null: the JDK's trusted CAs
   * @param certFile this client's certificate (PEM); null: no client certificate
   * @param keyFile  its key (PEM, PKCS#8; PKCS#1/SEC1 when Bouncy Castle is on the class path)
   */
  public record Tls(Path caFile, Path certFile, Path keyFile) {
    public Tls {
      if ((certFile == null) != (keyFile == null)) {
        throw new IllegalArgumentException("a datastore client certificate and its key go together: give both files or neither");
      }
    }
  }

  public EtcdStoreConfig {
    endpoints = List.copyOf(endpoints);
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("no etcd endpoint given");
    }
    String scheme = endpoints.getFirst().getScheme();
    for (URI u : endpoints) {
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
        throw new IllegalArgumentException("etcd endpoint " + u + ": the scheme must be http or https");
      }
      if (!u.getScheme().equals(scheme)) {
        throw new IllegalArgumentException("etcd endpoints mix http and https: " + endpoints);
      }
      if (u.getHost() == null || u.getPort() < 0) {
        throw new IllegalArgumentException("etcd endpoint " + u + ": give host and port, as http://127.0.0.1:2379");
      }
    }
    if ("http".equals(scheme) && tls.isPresent()) {
      throw new IllegalArgumentException("datastore TLS files were given for plain-http etcd endpoints " + endpoints);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
  }

  /** Parses a comma-separated endpoint list ({@code http://a:2379,http://b:2379}). */
  public static EtcdStoreConfig parse(String endpoints, Optional<Tls> tls) {
    List<URI> uris = new ArrayList<>();
    for (String part : endpoints.split(",")) {
      String s = part.strip();
      if (s.isEmpty()) {
        continue;
      }
      try {
        uris.add(new URI(s));
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("etcd endpoint " + s + " is not a URL: " + e.getMessage(), e);
      }
    }
    boolean https = !uris.isEmpty() && "https".equals(uris.getFirst().getScheme());
    return new EtcdStoreConfig(uris, https ? Optional.of(tls.orElse(new Tls(null, null, null))) : tls, DEFAULT_REQUEST_TIMEOUT);
  }

  public EtcdStoreConfig withRequestTimeout(Duration timeout) {
    return new EtcdStoreConfig(endpoints, tls, timeout);
  }

  /** The endpoints as the user gave them, for messages. */
  public String describe() {
    return String.join(",", endpoints.stream().map(URI::toString).toList());
  }
}
