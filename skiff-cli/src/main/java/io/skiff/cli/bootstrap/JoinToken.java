package io.skiff.cli.bootstrap;

import java.util.Objects;
import java.util.Optional;

/**
 * A cluster token in k3s's shapes: the full {@code K10<sha256 of the CA PEM>::server:<secret>} (the file
 * {@code DATA_DIR/token}), or the short form, the secret alone. The secret encrypts the credentials in the
 * datastore; the CA hash, when present, pins the CA a joining server accepts.
 *
 * @param caHash the pinned CA hash, when the full form was given
 * @param secret the secret
 */
public record JoinToken(Optional<String> caHash, String secret) {
  private static final String PREFIX = "K10";
  private static final String USER = "server:";

  public JoinToken {
    Objects.requireNonNull(caHash, "caHash");
    Objects.requireNonNull(secret, "secret");
    if (secret.isEmpty() || secret.chars().anyMatch(Character::isWhitespace) || secret.contains(":")) {
      throw new IllegalArgumentException("a token's secret is one word without ':' or spaces");
    }
  }

  /** Parses either form. */
  public static JoinToken parse(String text) {
    String t = text.strip();
    int sep = t.indexOf("::");
    if (t.startsWith(PREFIX) && sep == PREFIX.length() + 64) {
      String rest = t.substring(sep + 2);
      String secret = rest.startsWith(USER) ? rest.substring(USER.length()) : rest.substring(rest.indexOf(':') + 1);
      return new JoinToken(Optional.of(t.substring(PREFIX.length(), sep)), secret);
    }
    if (t.contains("::")) {
      throw new IllegalArgumentException("the token has neither the shape K10<ca hash>::server:<secret> nor is it a plain secret");
    }
    return new JoinToken(Optional.empty(), t);
  }

  /** The full form for a cluster whose CA PEM hashes to {@code caHash}. */
  public String full(String caHash) {
    return PREFIX + caHash + "::" + USER + secret;
  }

  /** Never the secret. */
  @Override
  public String toString() {
    return "JoinToken[caHash=" + caHash.orElse("-") + "]";
  }
}
