package io.skiff.images.auth;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The credentials a pull may use, each keyed by the registry pattern it was stored under (a host, a host with a
 * path prefix, or a glob such as {@code *.example.com}). {@link #matching} answers the ones that apply to an image,
 * most specific key first, as the kubelet's keyring does; a pull tries them in that order.
 */
public record PullCredentials(List<Entry> entries) {
  public static final PullCredentials NONE = new PullCredentials(List.of());

  public PullCredentials {
    entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
  }

  /** Credentials stored under one registry key. */
  public record Entry(String key, RegistryCredentials credentials) {
    public Entry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(credentials, "credentials");
    }
  }

  /** All entries of both. */
  public PullCredentials plus(PullCredentials other) {
    List<Entry> all = new ArrayList<>(entries);
    all.addAll(other.entries);
    return new PullCredentials(all);
  }

  /** The credentials whose key matches {@code registry/repository}, the longest key first. */
  public List<RegistryCredentials> matching(String registry, String repository) {
    String target = normaliseHost(registry) + "/" + repository;
    List<Entry> hits = new ArrayList<>();
    for (Entry e : entries) {
      if (matches(normaliseKey(e.key()), target)) {
        hits.add(e);
      }
    }
    hits.sort((a, b) -> Integer.compare(normaliseKey(b.key()).length(), normaliseKey(a.key()).length()));
    List<RegistryCredentials> out = new ArrayList<>();
    for (Entry e : hits) {
      if (!out.contains(e.credentials())) {
        out.add(e.credentials());
      }
    }
    return out;
  }

  /** A docker config key as {@code host[:port][/path]}: scheme dropped, Docker Hub's legacy names folded to docker.io. */
  static String normaliseKey(String key) {
    String k = key.trim();
    String withScheme = k.contains("://") ? k : "https://" + k;
    URI u;
    try {
      u = URI.create(withScheme);
    } catch (IllegalArgumentException e) {
      return k.toLowerCase(Locale.ROOT);
    }
    String host = u.getHost() == null ? u.getAuthority() : u.getHost();
    if (host == null) {
      return k.toLowerCase(Locale.ROOT);
    }
    host = host.toLowerCase(Locale.ROOT) + (u.getPort() < 0 ? "" : ":" + u.getPort());
    String path = u.getPath() == null ? "" : u.getPath();
    if (path.matches("/v[12]/?")) {
      path = "";
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return normaliseHost(host) + path;
  }

  private static String normaliseHost(String host) {
    return switch (host) {
      case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> "docker.io";
      default -> host;
    };
  }

  private static boolean matches(String key, String target) {
    int ks = key.indexOf('/');
    String keyHost = ks < 0 ? key : key.substring(0, ks);
    String keyPath = ks < 0 ? "" : key.substring(ks + 1);
    int ts = target.indexOf('/');
    String targetHost = target.substring(0, ts);
    String targetPath = target.substring(ts + 1);
    if (!hostMatches(keyHost, targetHost)) {
      return false;
    }
    return keyPath.isEmpty() || targetPath.equals(keyPath) || targetPath.startsWith(keyPath + "/");
  }

  private static boolean hostMatches(String pattern, String host) {
    String[] pp = splitPort(pattern);
    String[] hp = splitPort(host);
    if (!pp[1].equals(hp[1])) {
      return false;
    }
    String[] patternParts = pp[0].split("\\.");
    String[] hostParts = hp[0].split("\\.");
    if (patternParts.length != hostParts.length) {
      return false;
    }
    for (int i = 0; i < patternParts.length; i++) {
      if (!glob(patternParts[i]).matcher(hostParts[i]).matches()) {
        return false;
      }
    }
    return true;
  }

  private static String[] splitPort(String host) {
    int c = host.lastIndexOf(':');
    return c < 0 || host.endsWith("]") ? new String[] {host, ""} : new String[] {host.substring(0, c), host.substring(c + 1)};
  }

  private static Pattern glob(String part) {
    StringBuilder b = new StringBuilder();
    for (char ch : part.toCharArray()) {
      switch (ch) {
        case '*' -> b.append("[^.]*");
        case '?' -> b.append("[^.]");
        default -> b.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return Pattern.compile(b.toString());
  }
}
