package io.skiff.images.config;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One place to pull a repository from: a mirror or the upstream registry.
 *
 * @param base       the API root, always ending in {@code /v2}, e.g. {@code http://127.0.0.1:5000/v2}
 * @param repository the repository path on this endpoint (after mirror rewrites), e.g. {@code library/nginx}
 * @param mirror     whether this is a mirror rather than the upstream
 * @param auth       credentials configured for this host in registries.yaml
 * @param tls        TLS settings configured for this host
 */
public record Endpoint(URI base, String repository, boolean mirror, Optional<RegistriesConfig.Auth> auth,
    Optional<RegistriesConfig.Tls> tls) {

  public Endpoint {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(tls, "tls");
  }

  /** {@code host[:port]} of the endpoint. */
  public String host() {
    return base.getPort() < 0 ? base.getHost() : base.getHost() + ":" + base.getPort();
  }

  public boolean plainHttp() {
    return "http".equalsIgnoreCase(base.getScheme());
  }

  /** {@code <base>/<repository>/<kind>/<reference>}. */
  public URI uri(String kind, String reference) {
    return URI.create(base + "/" + repository + "/" + kind + "/" + reference);
  }

  @Override
  public String toString() {
    return (mirror ? "mirror " : "") + base + " (" + repository + ")";
  }
}
