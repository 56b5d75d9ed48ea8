package io.skiff.apiserver.registry;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tag Kubernetes reads from a container image reference when defaulting {@code imagePullPolicy}
 * ({@code parsers.ParseImageName} over the Docker reference grammar): the written tag, {@code latest} when the
 * reference has neither tag nor digest, and empty for a digest-only or unparsable reference.
 */
final class ImageTags {

  static final String LATEST = "latest";

  private static final String ALNUM = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|[-]+)";
  private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
  private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String HOST = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])";
  private static final String DOMAIN = HOST + "(?::[0-9]+)?";
  private static final String TAG = "[\\w][\\w.-]{0,127}";
  private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
  private static final Pattern REFERENCE = Pattern.compile(
      "((?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*)(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");
  private static final Map<String, Integer> DIGEST_HEX_LENGTHS = Map.of("sha256", 64, "sha384", 96, "sha512", 128);
  private static final Pattern LOWER_HEX = Pattern.compile("[a-f0-9]+");
  private static final int NAME_TOTAL_LENGTH_MAX = 255;
  /** Longer than any valid reference (name, tag and the longest digest); also bounds the regex work. */
  private static final int REFERENCE_LENGTH_MAX = 1024;

  private ImageTags() {}

  /** The tag for pull-policy purposes: see the class comment. */
  static String effectiveTag(String image) {
    if (image == null || image.isEmpty() || image.length() > REFERENCE_LENGTH_MAX || IDENTIFIER.matcher(image).matches()) {
      return "";
    }
    String normalized = normalize(image);
    if (normalized == null) {
      return "";
    }
    Matcher m = REFERENCE.matcher(normalized);
    if (!m.matches() || m.group(1).length() > NAME_TOTAL_LENGTH_MAX) {
      return "";
    }
    String tag = m.group(2) == null ? "" : m.group(2);
    String digest = m.group(3) == null ? "" : m.group(3);
    if (!digest.isEmpty() && !validDigest(digest)) {
      return "";
    }
    return tag.isEmpty() && digest.isEmpty() ? LATEST : tag;
  }

  /** Adds the implicit registry as Docker does; null when the repository is not lowercase. */
  private static String normalize(String name) {
    int slash = name.indexOf('/');
    String domain;
    String remainder;
    if (slash == -1) {
      domain = "docker.io";
      remainder = name;
    } else {
      String first = name.substring(0, slash);
      boolean looksLikeHost = first.contains(".") || first.contains(":") || first.equals("localhost")
          || !first.toLowerCase(Locale.ROOT).equals(first);
      domain = looksLikeHost ? first : "docker.io";
      remainder = looksLikeHost ? name.substring(slash + 1) : name;
    }
    if (domain.equals("index.docker.io")) {
      domain = "docker.io";
    }
    if (domain.equals("docker.io") && !remainder.contains("/")) {
      remainder = "library/" + remainder;
    }
    int colon = remainder.indexOf(':');
    String remote = colon > -1 ? remainder.substring(0, colon) : remainder;
    if (!remote.toLowerCase(Locale.ROOT).equals(remote)) {
      return null;
    }
    return domain + "/" + remainder;
  }

  private static boolean validDigest(String digest) {
    int colon = digest.indexOf(':');
    Integer length = DIGEST_HEX_LENGTHS.get(digest.substring(0, colon));
    String hex = digest.substring(colon + 1);
    return length != null && hex.length() == length && LOWER_HEX.matcher(hex).matches();
  }
}
