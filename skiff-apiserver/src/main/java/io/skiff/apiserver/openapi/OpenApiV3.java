package io.skiff.apiserver.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.skiff.apiserver.decode.Json;
import io.skiff.apiserver.resource.ResourceType;
import io.skiff.apiserver.resource.ResourceTypes;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenAPI v3 documents of {@code /openapi/v3}, generated once from the model classes of the served resources and
 * kept as bytes. {@link #rootJson()} is the discovery document kubectl reads first:
 * <pre>{"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=…"}, "apis/coordination.k8s.io/v1": …}}</pre>
 * and {@link #groupVersionJson} the document of one group-version, addressed as {@code api/v1} or
 * {@code apis/<group>/<version>}. The hash is the SHA-512 of the document (upper-case hex, as kube-apiserver makes
 * it); serve it as the ETag and mark the hashed URL immutable. Immutable and thread-safe.
 */
public final class OpenApiV3 {

  /** The Kubernetes release whose API skiff serves, reported in {@code info.version}. */
  static final String KUBERNETES_VERSION = "v1.33.0";

  private record Document(byte[] json, String hash) {}

  private final Map<String, Document> documents;
  private final byte[] root;

  /** Generates the documents of {@code types}. */
  public OpenApiV3(List<ResourceType> types) {
    SchemaNotes notes = SchemaNotes.load();
    Map<String, List<ResourceType>> byGroupVersion = new LinkedHashMap<>();
    for (ResourceType t : types) {
      byGroupVersion.computeIfAbsent(path(t), k -> new ArrayList<>()).add(t);
    }
    Map<Class<?>, List<Gvk>> kinds = kinds(types);
    Map<String, Document> docs = new LinkedHashMap<>();
    ObjectNode rootPaths = JsonNodeFactory.instance.objectNode();
    byGroupVersion.forEach((path, inGroup) -> {
      byte[] json = write(document(inGroup, notes, kinds));
      String hash = sha512(json);
      docs.put(path, new Document(json, hash));
      rootPaths.putObject(path).put("serverRelativeURL", "/openapi/v3/" + path + "?hash=" + hash);
    });
    ObjectNode rootDoc = JsonNodeFactory.instance.objectNode();
    rootDoc.set("paths", rootPaths);
    this.documents = Map.copyOf(docs);
    this.root = write(rootDoc);
  }

  /** The documents of every type skiff serves ({@link ResourceTypes#ALL}). */
  public static OpenApiV3 forServedTypes() {
    return new OpenApiV3(ResourceTypes.ALL);
  }

  /** The root document (a fresh copy of the cached bytes' array is not made: do not modify it). */
  public byte[] rootJson() {
    return root;
  }

  /** The document of {@code groupVersionPath} ({@code api/v1}, {@code apis/coordination.k8s.io/v1}), if served. */
  public Optional<byte[]> groupVersionJson(String groupVersionPath) {
    return Optional.ofNullable(documents.get(groupVersionPath)).map(Document::json);
  }

  /** The hash of a group-version document, as in its {@code serverRelativeURL}. */
  public Optional<String> hash(String groupVersionPath) {
    return Optional.ofNullable(documents.get(groupVersionPath)).map(Document::hash);
  }

  /** The ETag of a group-version document: its hash, quoted. */
  public Optional<String> etag(String groupVersionPath) {
    return hash(groupVersionPath).map(h -> "\"" + h + "\"");
  }

  /** The group-version paths served, core first. */
  public List<String> groupVersionPaths() {
    return documents.keySet().stream().sorted((a, b) -> a.startsWith("api/") ? -1 : b.startsWith("api/") ? 1
        : a.compareTo(b)).toList();
  }

  private static String path(ResourceType t) {
    return t.group().isEmpty() ? "api/" + t.version() : "apis/" + t.group() + "/" + t.version();
  }

  private static ObjectNode document(List<ResourceType> types, SchemaNotes notes, Map<Class<?>, List<Gvk>> kinds) {
    ComponentSchemas schemas = new ComponentSchemas(notes, kinds);
    Operations operations = new Operations(schemas);
    for (ResourceType t : types) {
      operations.add(t, listClass(t));
    }
    schemas.ref(Status.class);
    schemas.ref(WatchEvent.class);
    schemas.ref(DeleteOptions.class);
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode doc = nodes.objectNode();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", KUBERNETES_VERSION);
    doc.set("paths", operations.paths());
    ObjectNode components = doc.putObject("components");
    components.set("schemas", schemas.build());
    components.putObject("securitySchemes").putObject("BearerToken").put("type", "apiKey").put("name", "authorization")
        .put("in", "header").put("description", "Bearer token authentication");
    doc.putArray("security").addObject().putArray("BearerToken");
    return doc;
  }

  /** Which classes are top-level kinds, and as what. */
  private static Map<Class<?>, List<Gvk>> kinds(List<ResourceType> types) {
    Map<Class<?>, List<Gvk>> kinds = new HashMap<>();
    List<Gvk> perGroupVersion = new ArrayList<>();
    for (ResourceType t : types) {
      kinds.computeIfAbsent(t.modelClass(), k -> new ArrayList<>()).add(new Gvk(t.group(), t.version(), t.kind()));
      kinds.computeIfAbsent(listClass(t), k -> new ArrayList<>()).add(new Gvk(t.group(), t.version(), t.kind() + "List"));
      Gvk gv = new Gvk(t.group(), t.version(), "");
      if (!perGroupVersion.contains(gv)) {
        perGroupVersion.add(gv);
      }
    }
    kinds.put(Status.class, List.of(new Gvk("", "v1", "Status")));
    kinds.put(Binding.class, List.of(new Gvk("", "v1", "Binding")));
    kinds.put(DeleteOptions.class, perGroupVersion.stream().map(g -> new Gvk(g.group(), g.version(), "DeleteOptions")).toList());
    kinds.put(WatchEvent.class, perGroupVersion.stream().map(g -> new Gvk(g.group(), g.version(), "WatchEvent")).toList());
    return kinds;
  }

  /** fabric8's list class of a kind: {@code Pod} → {@code PodList}, in the same package. */
  private static Class<?> listClass(ResourceType t) {
    String name = t.modelClass().getName() + "List";
    try {
      return Class.forName(name, false, t.modelClass().getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("fabric8 has no list class " + name + " for " + t.kind(), e);
    }
  }

  private static byte[] write(ObjectNode doc) {
    try {
      return Json.mapper().writeValueAsBytes(doc);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha512(byte[] bytes) {
    try {
      return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is missing from this JDK", e);
    }
  }
}
