package io.skiff.images.config;

import io.skiff.images.ref.ImageRef;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns an image reference into the endpoints to try, in order: the registry's mirrors (or the {@code *} mirrors when
 * it has none), then the upstream registry itself, as containerd does with k3s's configuration. Upstream
 * {@code docker.io} is {@code https://registry-1.docker.io}; loopback registries ({@code localhost},
 * {@code 127.0.0.0/8}, {@code [::1]}) are spoken to over plain HTTP, as containerd's default does; every other
 * upstream over HTTPS.
 */
public final class RegistryHosts {
  private final RegistriesConfig config;

  public RegistryHosts(RegistriesConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public RegistriesConfig config() {
    return config;
  }

  /** The endpoints to try for {@code ref}, mirrors first. */
  public List<Endpoint> endpointsFor(ImageRef ref) {
    List<Endpoint> out = new ArrayList<>();
    RegistriesConfig.Mirror mirror = config.mirrors().get(ref.registry());
    if (mirror == null) {
      mirror = config.mirrors().get("*");
    }
    URI upstream = upstream(ref.registry());
    if (mirror != null) {
      String repository = rewrite(mirror, ref.path());
      for (String url : mirror.endpoints()) {
        URI base = apiRoot(url);
        if (base.equals(upstream)) {
          continue;
        }
        out.add(endpoint(base, repository, true));
      }
    }
    out.add(endpoint(upstream, ref.path(), false));
    return List.copyOf(out);
  }

  private Endpoint endpoint(URI base, String repository, boolean mirror) {
    String host = base.getPort() < 0 ? base.getHost() : base.getHost() + ":" + base.getPort();
    var hostConfig = config.findHostConfig(host);
    return new Endpoint(base, repository, mirror,
        hostConfig.flatMap(RegistriesConfig.HostConfig::auth), hostConfig.flatMap(RegistriesConfig.HostConfig::tls));
  }

  private static String rewrite(RegistriesConfig.Mirror mirror, String path) {
    for (RegistriesConfig.Rewrite r : mirror.rewrites()) {
      var m = r.pattern().matcher(path);
      if (m.find()) {
        return m.replaceFirst(r.replacement());
      }
    }
    return path;
  }

  /** The upstream API root for a registry name. */
  public static URI upstream(String registry) {
    if (registry.equals(ImageRef.DOCKER_HUB)) {
      return URI.create("https://registry-1.docker.io/v2");
    }
    return URI.create((isLoopback(registry) ? "http://" : "https://") + registry + "/v2");
  }

  /** An endpoint URL as written in registries.yaml, with {@code /v2} appended unless it already ends so. */
  static URI apiRoot(String url) {
    String u = url.trim();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    if (!u.endsWith("/v2")) {
      u = u + "/v2";
    }
    return URI.create(u);
  }

  /** Whether a registry host (with optional port) is a loopback name or address. */
  public static boolean isLoopback(String registry) {
    String host = registry;
    if (host.startsWith("[")) {
      host = host.substring(1, host.indexOf(']'));
    } else if (host.indexOf(':') >= 0) {
      host = host.substring(0, host.indexOf(':'));
    }
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }
}
