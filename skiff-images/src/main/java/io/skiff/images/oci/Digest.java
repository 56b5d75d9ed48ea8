package io.skiff.images.oci;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.skiff.common.SkiffException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest such as {@code sha256:2cf24dba…}. Only sha256 and sha512 are accepted for content; the
 * algorithm and encoded part are checked as the OCI image-spec describes.
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
  private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*");
  private static final Pattern HEX = Pattern.compile("[a-f0-9]+");

  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    if (!ALGORITHM.matcher(algorithm).matches()) {
      throw new SkiffException.BadRequest("invalid digest algorithm \"" + algorithm + "\"");
    }
    int expected = switch (algorithm) {
      case "sha256" -> 64;
      case "sha512" -> 128;
      default -> throw new SkiffException.BadRequest("unsupported digest algorithm \"" + algorithm + "\" (sha256 and sha512 are supported)");
    };
    if (hex.length() != expected || !HEX.matcher(hex).matches()) {
      throw new SkiffException.BadRequest("invalid " + algorithm + " digest \"" + hex + "\": want " + expected + " lowercase hex characters");
    }
  }

  /** Parses {@code alg:hex}; a malformed value is a {@link SkiffException.BadRequest} naming what is wrong. */
  @JsonCreator
  public static Digest parse(String text) {
    Objects.requireNonNull(text, "digest");
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new SkiffException.BadRequest("invalid digest \"" + text + "\": want <algorithm>:<hex>");
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  /** The sha256 digest of {@code bytes}. */
  public static Digest sha256(byte[] bytes) {
    return new Digest("sha256", HexFormat.of().formatHex(newSha256().digest(bytes)));
  }

  /** A fresh sha256 {@link MessageDigest}. */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh {@link MessageDigest} for this digest's algorithm. */
  public MessageDigest newMessageDigest() {
    try {
      return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Wraps a finished {@link MessageDigest} of the given algorithm. */
  public static Digest of(String algorithm, MessageDigest finished) {
    return new Digest(algorithm, HexFormat.of().formatHex(finished.digest()));
  }

  /** A short form for display, e.g. {@code 2cf24dba5fb0}. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  @Override
  public int compareTo(Digest o) {
    return toString().compareTo(o.toString());
  }

  @JsonValue
  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
