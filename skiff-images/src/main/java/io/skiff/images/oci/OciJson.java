package io.skiff.images.oci;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.common.SkiffException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading and writing manifests, indexes and image configs; malformed JSON is a {@link SkiffException.BadRequest}. */
public final class OciJson {
  private OciJson() {}

  /** The shared mapper; unknown fields are ignored as registries add their own. */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** The media type a manifest-like document declares, or {@code fallback} (the Content-Type) when it declares none. */
  public static String mediaTypeOf(byte[] json, String fallback) {
    JsonNode node = tree(json, "manifest");
    String declared = node.path("mediaType").asText("");
    if (!declared.isEmpty()) {
      return declared;
    }
    if (fallback != null && !fallback.isBlank() && !fallback.startsWith("application/json") && !fallback.startsWith("text/")) {
      return fallback.split(";")[0].trim();
    }
    if (node.has("manifests")) {
      return MediaTypes.OCI_INDEX;
    }
    if (node.has("config") && node.has("layers")) {
      return MediaTypes.OCI_MANIFEST;
    }
    if (node.path("schemaVersion").asInt() == 1) {
      return MediaTypes.DOCKER_SCHEMA1;
    }
    throw new SkiffException.BadRequest("unrecognised manifest: neither an image manifest nor an index");
  }

  public static Manifest manifest(byte[] json) {
    return read(json, Manifest.class, "image manifest");
  }

  public static Index index(byte[] json) {
    return read(json, Index.class, "image index");
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  /** Reads an image configuration blob (OCI or Docker: both keep the process defaults under {@code config}). */
  public static ImageConfig imageConfig(byte[] json) {
    JsonNode root = tree(json, "image config");
    JsonNode c = root.path("config");
    List<Digest> diffIds = new ArrayList<>();
    for (JsonNode d : root.path("rootfs").path("diff_ids")) {
      diffIds.add(Digest.parse(d.asText()));
    }
    return new ImageConfig(
        strings(c.path("Entrypoint")), strings(c.path("Cmd")), strings(c.path("Env")),
        c.path("WorkingDir").asText(""), c.path("User").asText(""), stringMap(c.path("Labels")),
        keys(c.path("ExposedPorts")), keys(c.path("Volumes")), c.path("StopSignal").asText(""),
        root.path("os").asText(""), root.path("architecture").asText(""), root.path("variant").asText(""), diffIds);
  }

  /** Writes a minimal OCI image configuration for {@code config} (used by import and by tests' image builders). */
  public static byte[] writeImageConfig(ImageConfig config) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("architecture", config.architecture());
    root.put("os", config.os());
    if (!config.variant().isEmpty()) {
      root.put("variant", config.variant());
    }
    ObjectNode c = root.putObject("config");
    putStrings(c, "Entrypoint", config.entrypoint());
    putStrings(c, "Cmd", config.cmd());
    putStrings(c, "Env", config.env());
    if (!config.workingDir().isEmpty()) {
      c.put("WorkingDir", config.workingDir());
    }
    if (!config.user().isEmpty()) {
      c.put("User", config.user());
    }
    if (!config.labels().isEmpty()) {
      ObjectNode labels = c.putObject("Labels");
      config.labels().forEach(labels::put);
    }
    ObjectNode rootfs = root.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode ids = rootfs.putArray("diff_ids");
    config.diffIds().forEach(d -> ids.add(d.toString()));
    return write(root);
  }

  private static void putStrings(ObjectNode node, String field, List<String> values) {
    if (!values.isEmpty()) {
      ArrayNode a = node.putArray(field);
      values.forEach(a::add);
    }
  }

  private static <T> T read(byte[] json, Class<T> type, String what) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException | RuntimeException e) {
      throw new SkiffException.BadRequest("malformed " + what + ": " + rootMessage(e), e);
    }
  }

  private static JsonNode tree(byte[] json, String what) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || !node.isObject()) {
        throw new SkiffException.BadRequest("malformed " + what + ": not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new SkiffException.BadRequest("malformed " + what + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (node.isTextual()) {
      out.add(node.asText());
    }
    return out;
  }

  private static List<String> keys(JsonNode node) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  private static Map<String, String> stringMap(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
