package io.skiff.images.ref;

import io.skiff.common.SkiffException;
import io.skiff.images.oci.Digest;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A normalised image reference: registry host (with port), repository path, tag and digest. {@link #parse} applies
 * the Docker rules: the first path component is a registry only if it contains {@code .} or {@code :} or is
 * {@code localhost}; otherwise the registry is {@code docker.io} and one-component names get {@code library/};
 * {@code index.docker.io} means {@code docker.io}; a reference with neither tag nor digest gets {@code latest}.
 *
 * @param registry the registry host, e.g. {@code docker.io} or {@code 127.0.0.1:5000}
 * @param path     the repository path, e.g. {@code library/nginx}
 * @param tag      the tag, or empty when the reference names only a digest
 * @param digest   the digest, or {@code null}
 */
public record ImageRef(String registry, String path, String tag, Digest digest) {
  public static final String DOCKER_HUB = "docker.io";
  private static final String LEGACY_HUB = "index.docker.io";
  private static final int NAME_MAX = 255;

  private static final Pattern DOMAIN_COMPONENT = Pattern.compile("(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])");
  private static final Pattern DOMAIN = Pattern.compile(
      "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
  private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");
  private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

  public ImageRef {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(path, "path");
    tag = tag == null ? "" : tag;
    if (tag.isEmpty() && digest == null) {
      throw new IllegalArgumentException("an image reference needs a tag or a digest");
    }
  }

  /**
   * Parses and normalises {@code text}; a malformed reference is a {@link SkiffException.BadRequest} whose message
   * starts with {@code invalid reference format} and says what is wrong.
   */
  public static ImageRef parse(String text) {
    if (text == null || text.isEmpty()) {
      throw invalid(text, "repository name must have at least one component");
    }
    if (HEX64.matcher(text).matches()) {
      throw new SkiffException.BadRequest("invalid repository name (" + text + "), cannot specify 64-byte hexadecimal strings");
    }
    String rest = text;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      String d = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (d.isEmpty()) {
        throw invalid(text, "digest is empty");
      }
      if (!DIGEST.matcher(d).matches()) {
        throw invalid(text, "digest \"" + d + "\" is not <algorithm>:<hex>");
      }
      try {
        digest = Digest.parse(d);
      } catch (SkiffException.BadRequest e) {
        throw invalid(text, e.getMessage());
      }
    }
    String tag = "";
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (tag.isEmpty()) {
        throw invalid(text, "tag is empty");
      }
      if (!TAG.matcher(tag).matches()) {
        throw invalid(text, "tag \"" + tag + "\" must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
      }
    }
    if (rest.isEmpty()) {
      throw invalid(text, "repository name must have at least one component");
    }
    String registry;
    String path;
    int slash = rest.indexOf('/');
    String first = slash < 0 ? "" : rest.substring(0, slash);
    if (slash < 0 || (!first.contains(".") && !first.contains(":") && !first.equals("localhost")
        && first.toLowerCase(Locale.ROOT).equals(first))) {
      registry = DOCKER_HUB;
      path = rest;
    } else {
      registry = first;
      path = rest.substring(slash + 1);
      if (!DOMAIN.matcher(registry).matches()) {
        throw invalid(text, "registry host \"" + registry + "\" is not a valid host[:port]");
      }
    }
    if (registry.equals(LEGACY_HUB)) {
      registry = DOCKER_HUB;
    }
    if (!path.toLowerCase(Locale.ROOT).equals(path)) {
      throw invalid(text, "repository name (" + path + ") must be lowercase");
    }
    if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
      path = "library/" + path;
    }
    for (String component : path.split("/", -1)) {
      if (component.isEmpty()) {
        throw invalid(text, "repository name \"" + path + "\" has an empty path component");
      }
      if (!PATH_COMPONENT.matcher(component).matches()) {
        throw invalid(text, "repository path component \"" + component
            + "\" must be lowercase letters and digits, separated by '.', '_', '__' or '-'");
      }
    }
    if (registry.length() + 1 + path.length() > NAME_MAX) {
      throw invalid(text, "repository name must not be more than " + NAME_MAX + " characters");
    }
    if (tag.isEmpty() && digest == null) {
      tag = "latest";
    }
    return new ImageRef(registry, path, tag, digest);
  }

  /** Like {@link #parse} but empty instead of throwing. */
  public static Optional<ImageRef> tryParse(String text) {
    try {
      return Optional.of(parse(text));
    } catch (SkiffException.BadRequest e) {
      return Optional.empty();
    }
  }

  private static SkiffException.BadRequest invalid(String text, String what) {
    return new SkiffException.BadRequest("invalid reference format: " + what + " in \"" + (text == null ? "" : text) + "\"");
  }

  /** {@code registry/path}, e.g. {@code docker.io/library/nginx}. */
  public String name() {
    return registry + "/" + path;
  }

  /** The digest when the reference names one. */
  public Optional<Digest> findDigest() {
    return Optional.ofNullable(digest);
  }

  /** This repository at {@code d}, without a tag: {@code docker.io/library/nginx@sha256:…}. */
  public ImageRef withDigest(Digest d) {
    return new ImageRef(registry, path, "", d);
  }

  /** The tag or digest a registry's manifest endpoint is asked for; a digest wins over a tag. */
  public String manifestReference() {
    return digest != null ? digest.toString() : tag;
  }

  /** The short form Docker prints: {@code nginx:latest}, {@code bitnami/redis:7}. */
  public String familiar() {
    String n = name();
    if (registry.equals(DOCKER_HUB)) {
      n = path.startsWith("library/") && path.indexOf('/', 8) < 0 ? path.substring(8) : path;
    }
    return n + suffix();
  }

  private String suffix() {
    return (tag.isEmpty() ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }

  @Override
  public String toString() {
    return name() + suffix();
  }
}
