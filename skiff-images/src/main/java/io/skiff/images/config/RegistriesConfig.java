package io.skiff.images.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parsed {@code registries.yaml}. Keys of {@code mirrors} are registry names as written in image references
 * ({@code docker.io}, {@code registry.example.com:5000}, or {@code *} for every registry without its own entry);
 * keys of {@code configs} are endpoint hosts ({@code host[:port]}, or {@code *}).
 */
public record RegistriesConfig(Map<String, Mirror> mirrors, Map<String, HostConfig> configs) {
  public static final RegistriesConfig EMPTY = new RegistriesConfig(Map.of(), Map.of());

  public RegistriesConfig {
    mirrors = Map.copyOf(Objects.requireNonNull(mirrors, "mirrors"));
    configs = Map.copyOf(Objects.requireNonNull(configs, "configs"));
  }

  /** One registry's mirrors: endpoints tried in order, and repository rewrites applied for them. */
  public record Mirror(List<String> endpoints, List<Rewrite> rewrites) {
    public Mirror {
      endpoints = List.copyOf(endpoints);
      rewrites = List.copyOf(rewrites);
    }
  }

  /** A repository rewrite: the first pattern that matches the repository path replaces it (Java regex syntax, {@code $1}). */
  public record Rewrite(Pattern pattern, String replacement) {
    public Rewrite {
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(replacement, "replacement");
    }
  }

  /** Settings for one endpoint host. */
  public record HostConfig(Optional<Auth> auth, Optional<Tls> tls) {
    public HostConfig {
      Objects.requireNonNull(auth, "auth");
      Objects.requireNonNull(tls, "tls");
    }
  }

  /**
   * Credentials for one host: a username and password, a base64 {@code auth} string of {@code user:password}, or an
   * identity token (a refresh token exchanged for access tokens).
   */
  public record Auth(String username, String password, String auth, String identityToken) {
    public Auth {
      username = username == null ? "" : username;
      password = password == null ? "" : password;
      auth = auth == null ? "" : auth;
      identityToken = identityToken == null ? "" : identityToken;
    }

    @Override
    public String toString() {
      return "Auth[username=" + username + ", secrets redacted]";
    }
  }

  /** TLS settings for one host: a CA bundle, a client certificate and key (PEM, PKCS#8 key), or no verification. */
  public record Tls(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile, boolean insecureSkipVerify) {
    public Tls {
      Objects.requireNonNull(caFile, "caFile");
      Objects.requireNonNull(certFile, "certFile");
      Objects.requireNonNull(keyFile, "keyFile");
    }
  }

  /** The settings for an endpoint host, falling back to the {@code *} entry. */
  public Optional<HostConfig> findHostConfig(String host) {
    HostConfig c = configs.get(host);
    return Optional.ofNullable(c != null ? c : configs.get("*"));
  }
}
