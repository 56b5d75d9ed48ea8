package io.skiff.images.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.skiff.common.FieldError;
import io.skiff.common.SkiffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads k3s's {@code registries.yaml}. Errors are a {@link SkiffException.Invalid} listing each bad field by path
 * ({@code mirrors."docker.io".endpoint[0]}); unknown keys are refused so that a typo does not silently do nothing.
 */
public final class RegistriesYaml {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String KIND = "registries.yaml";

  private RegistriesYaml() {}

  /** Reads {@code file}; a missing file is an empty configuration. */
  public static RegistriesConfig read(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (NoSuchFileException e) {
      return RegistriesConfig.EMPTY;
    } catch (IOException e) {
      throw new SkiffException.BadRequest("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses YAML text; {@code source} names it in error messages. */
  public static RegistriesConfig parse(String yaml, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new SkiffException.BadRequest(source + " is not valid YAML: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return RegistriesConfig.EMPTY;
    }
    List<FieldError> errors = new ArrayList<>();
    if (!root.isObject()) {
      throw new SkiffException.Invalid(KIND, source, List.of(FieldError.invalid("<root>", root.getNodeType().toString(), "must be a mapping")));
    }
    unknownKeys(root, "", Set.of("mirrors", "configs"), errors);
    Map<String, RegistriesConfig.Mirror> mirrors = new LinkedHashMap<>();
    forEachEntry(root.path("mirrors"), "mirrors", errors, (name, node, path) -> {
      unknownKeys(node, path, Set.of("endpoint", "rewrite"), errors);
      List<String> endpoints = new ArrayList<>();
      JsonNode eps = node.path("endpoint");
      if (!eps.isMissingNode() && !eps.isNull() && !eps.isArray()) {
        errors.add(FieldError.invalid(path + ".endpoint", eps.asText(), "must be a list of URLs"));
      }
      int i = 0;
      for (JsonNode ep : eps) {
        String field = path + ".endpoint[" + i++ + "]";
        String url = ep.asText("").trim();
        if (!url.matches("(?i)https?://[^/\\s]+(/\\S*)?")) {
          errors.add(FieldError.invalid(field, url, "must be an http:// or https:// URL"));
        } else {
          endpoints.add(url);
        }
      }
      List<RegistriesConfig.Rewrite> rewrites = new ArrayList<>();
      forEachEntry(node.path("rewrite"), path + ".rewrite", errors, (pattern, value, rp) -> {
        try {
          rewrites.add(new RegistriesConfig.Rewrite(Pattern.compile(pattern), value.asText()));
        } catch (PatternSyntaxException e) {
          errors.add(FieldError.invalid(rp, pattern, "not a regular expression: " + e.getDescription()));
        }
      });
      mirrors.put(name, new RegistriesConfig.Mirror(endpoints, rewrites));
    });
    Map<String, RegistriesConfig.HostConfig> configs = new LinkedHashMap<>();
    forEachEntry(root.path("configs"), "configs", errors, (host, node, path) -> {
      unknownKeys(node, path, Set.of("auth", "tls"), errors);
      Optional<RegistriesConfig.Auth> auth = Optional.empty();
      JsonNode a = node.path("auth");
      if (a.isObject()) {
        unknownKeys(a, path + ".auth", Set.of("username", "password", "auth", "identitytoken", "identity_token", "token"), errors);
        String identity = text(a, "identity_token", text(a, "identitytoken", text(a, "token", "")));
        auth = Optional.of(new RegistriesConfig.Auth(text(a, "username", ""), text(a, "password", ""), text(a, "auth", ""), identity));
      }
      Optional<RegistriesConfig.Tls> tls = Optional.empty();
      JsonNode t = node.path("tls");
      if (t.isObject()) {
        unknownKeys(t, path + ".tls", Set.of("ca_file", "cert_file", "key_file", "insecure_skip_verify"), errors);
        tls = Optional.of(new RegistriesConfig.Tls(file(t, "ca_file"), file(t, "cert_file"), file(t, "key_file"),
            t.path("insecure_skip_verify").asBoolean(false)));
        if (file(t, "cert_file").isPresent() != file(t, "key_file").isPresent()) {
          errors.add(FieldError.required(path + ".tls", "cert_file and key_file must be given together"));
        }
      }
      configs.put(host, new RegistriesConfig.HostConfig(auth, tls));
    });
    if (!errors.isEmpty()) {
      throw new SkiffException.Invalid(KIND, source, errors);
    }
    return new RegistriesConfig(mirrors, configs);
  }

  private interface EntryConsumer {
    void accept(String key, JsonNode value, String path);
  }

  private static void forEachEntry(JsonNode node, String path, List<FieldError> errors, EntryConsumer consumer) {
    if (node.isMissingNode() || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      errors.add(FieldError.invalid(path, node.asText(), "must be a mapping"));
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String p = path + ".\"" + e.getKey() + "\"";
      JsonNode v = e.getValue();
      if (v.isNull()) {
        v = YAML.createObjectNode();
      }
      consumer.accept(e.getKey(), v, p);
    }
  }

  private static void unknownKeys(JsonNode node, String path, Set<String> known, List<FieldError> errors) {
    if (!node.isObject()) {
      return;
    }
    node.fieldNames().forEachRemaining(k -> {
      if (!known.contains(k)) {
        errors.add(FieldError.notSupported(path.isEmpty() ? k : path + "." + k, k, known.stream().sorted().toList()));
      }
    });
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? fallback : v.asText();
  }

  private static Optional<Path> file(JsonNode node, String field) {
    String v = text(node, field, "");
    return v.isBlank() ? Optional.empty() : Optional.of(Path.of(v));
  }
}
