package io.skiff.images.auth;

import java.util.Objects;

/**
 * One set of registry credentials: a username and password, or an identity token (a refresh token an OAuth2 token
 * endpoint accepts). {@code source} says where they came from (e.g. {@code secret default/regcred}) so that errors
 * can name which credentials were tried without printing them.
 */
public record RegistryCredentials(String username, String password, String identityToken, String source) {
  public RegistryCredentials {
    username = username == null ? "" : username;
    password = password == null ? "" : password;
    identityToken = identityToken == null ? "" : identityToken;
    Objects.requireNonNull(source, "source");
  }

  public static RegistryCredentials basic(String username, String password, String source) {
    return new RegistryCredentials(username, password, "", source);
  }

  public boolean hasIdentityToken() {
    return !identityToken.isEmpty();
  }

  /** How to name these credentials in an error: {@code user "alice" from secret default/regcred}. */
  public String describe() {
    String who = hasIdentityToken() ? "an identity token" : "user \"" + username + "\"";
    return who + " from " + source;
  }

  @Override
  public String toString() {
    return "RegistryCredentials[" + describe() + "]";
  }
}
