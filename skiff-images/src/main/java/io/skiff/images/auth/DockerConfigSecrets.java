package io.skiff.images.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skiff.common.SkiffException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the data of pull secrets: {@code .dockerconfigjson} ({@code {"auths": {host: {...}}}}) and the older
 * {@code .dockercfg} ({@code {host: {...}}}). Each host entry may carry {@code username}/{@code password}, a base64
 * {@code auth} of {@code user:password}, or an {@code identitytoken}.
 */
public final class DockerConfigSecrets {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Which secret data key the bytes came from. */
  public enum Format {
    /** {@code kubernetes.io/dockerconfigjson}, data key {@code .dockerconfigjson}. */
    DOCKER_CONFIG_JSON,
    /** {@code kubernetes.io/dockercfg}, data key {@code .dockercfg}. */
    DOCKERCFG
  }

  private DockerConfigSecrets() {}

  /**
   * Parses one secret's data. {@code source} names the secret in messages (e.g. {@code secret default/regcred});
   * a malformed secret is a {@link SkiffException.BadRequest} that names it and never quotes its content.
   */
  public static PullCredentials parse(byte[] data, Format format, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(data);
    } catch (IOException e) {
      throw new SkiffException.BadRequest(source + " does not hold valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new SkiffException.BadRequest(source + " does not hold a JSON object");
    }
    JsonNode auths = format == Format.DOCKER_CONFIG_JSON ? root.path("auths") : root;
    if (!auths.isObject()) {
      throw new SkiffException.BadRequest(source + " has no \"auths\" object");
    }
    List<PullCredentials.Entry> entries = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      String user = v.path("username").asText("");
      String pass = v.path("password").asText("");
      String auth = v.path("auth").asText("");
      if (!auth.isEmpty() && user.isEmpty()) {
        String decoded;
        try {
          decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException ex) {
          throw new SkiffException.BadRequest(source + ": the \"auth\" of " + e.getKey() + " is not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
          throw new SkiffException.BadRequest(source + ": the \"auth\" of " + e.getKey() + " is not user:password");
        }
        user = decoded.substring(0, colon);
        pass = decoded.substring(colon + 1);
      }
      String token = v.path("identitytoken").asText(v.path("identityToken").asText(""));
      if (user.isEmpty() && pass.isEmpty() && token.isEmpty()) {
        continue;
      }
      entries.add(new PullCredentials.Entry(e.getKey(), new RegistryCredentials(user, pass, token, source)));
    }
    return new PullCredentials(entries);
  }
}
