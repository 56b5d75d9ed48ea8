package io.skiff.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Status;
import io.skiff.apiserver.patch.PatchType;
import io.skiff.apiserver.resource.ResourceType;
import java.util.List;
import java.util.Locale;

/**
 * Builds the {@code paths} of one group-version document: for every resource its collection and item paths
 * (namespaced, and across namespaces for lists), with get/list/create/replace/patch/delete/deletecollection, and the
 * {@code status}, {@code binding}, {@code log} and {@code finalize} subresources a type serves. Every operation carries
 * {@code x-kubernetes-action} and {@code x-kubernetes-group-version-kind}; every write declares {@code dryRun},
 * {@code fieldManager} and {@code fieldValidation} (kubectl looks for the last on PATCH before it leaves validation to
 * the server).
 */
final class Operations {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ComponentSchemas schemas;
  private final ObjectNode paths = NODES.objectNode();

  Operations(ComponentSchemas schemas) {
    this.schemas = schemas;
  }

  ObjectNode paths() {
    return paths;
  }

  void add(ResourceType type, Class<?> listClass) {
    String prefix = type.group().isEmpty() ? "/api/" + type.version() : "/apis/" + type.group() + "/" + type.version();
    Gvk gvk = new Gvk(type.group(), type.version(), type.kind());
    String id = idPrefix(type);
    String kind = type.kind();
    String objectRef = schemas.ref(type.modelClass());
    String listRef = schemas.ref(listClass);
    String scope = type.namespaced() ? "Namespaced" : "";
    String collection = prefix + (type.namespaced() ? "/namespaces/{namespace}/" : "/") + type.plural();
    String item = collection + "/{name}";

    ObjectNode c = pathItem(collection, type, false);
    c.set("get", list(type, gvk, "list" + id + scope + kind, "list or watch " + kind + " objects", listRef));
    c.set("post", write("post", type, gvk, "create" + id + scope + kind, "create a " + kind, objectRef));
    c.set("delete", deleteCollection(type, gvk, "delete" + id + "Collection" + scope + kind,
        "delete a collection of " + kind + " objects"));

    ObjectNode i = pathItem(item, type, true);
    i.set("get", read(type, gvk, "read" + id + scope + kind, "read the named " + kind, objectRef));
    i.set("put", write("put", type, gvk, "replace" + id + scope + kind, "replace the named " + kind, objectRef));
    i.set("patch", patch(type, gvk, "patch" + id + scope + kind, "partially update the named " + kind, objectRef));
    i.set("delete", delete(type, gvk, "delete" + id + scope + kind, "delete a " + kind, objectRef));

    if (type.namespaced()) {
      ObjectNode all = pathItem(prefix + "/" + type.plural(), type, false);
      all.set("get", list(type, gvk, "list" + id + kind + "ForAllNamespaces",
          "list or watch " + kind + " objects in every namespace", listRef));
    }
    if (type.subresources().contains("status")) {
      ObjectNode s = pathItem(item + "/status", type, true);
      s.set("get", read(type, gvk, "read" + id + scope + kind + "Status", "read the status of the named " + kind,
          objectRef));
      s.set("put", write("put", type, gvk, "replace" + id + scope + kind + "Status",
          "replace the status of the named " + kind, objectRef));
      s.set("patch", patch(type, gvk, "patch" + id + scope + kind + "Status",
          "partially update the status of the named " + kind, objectRef));
    }
    if (type.subresources().contains("binding") && type.group().isEmpty()) {
      ObjectNode b = pathItem(item + "/binding", type, true);
      b.set("post", write("post", type, new Gvk("", "v1", "Binding"), "create" + id + scope + kind + "Binding",
          "bind the named " + kind + " to a node", schemas.ref(Binding.class)));
    }
    if (type.subresources().contains("log")) {
      ObjectNode l = pathItem(item + "/log", type, true);
      l.set("get", log(gvk, "read" + id + scope + kind + "Log", "read the log of a container of the named " + kind));
    }
    if (type.subresources().contains("finalize")) {
      ObjectNode f = pathItem(item + "/finalize", type, true);
      f.set("put", write("put", type, gvk, "replace" + id + scope + kind + "Finalize",
          "replace the finalizers of the named " + kind, objectRef));
    }
  }

  private ObjectNode pathItem(String path, ResourceType type, boolean named) {
    ObjectNode p = paths.putObject(path);
    ArrayNode params = p.putArray("parameters");
    if (named) {
      params.add(Parameters.name(type.kind()));
    }
    if (type.namespaced() && path.contains("{namespace}")) {
      params.add(Parameters.namespace());
    }
    params.add(Parameters.pretty());
    return p;
  }

  private ObjectNode operation(ResourceType type, Gvk gvk, String id, String description, String action) {
    ObjectNode op = NODES.objectNode();
    op.putArray("tags").add(tag(type));
    op.put("description", description);
    op.put("operationId", id);
    op.putArray("parameters");
    op.putObject("responses");
    op.put("x-kubernetes-action", action);
    op.set("x-kubernetes-group-version-kind", gvk.toJson());
    return op;
  }

  private ObjectNode read(ResourceType type, Gvk gvk, String id, String description, String ref) {
    ObjectNode op = operation(type, gvk, id, description, "get");
    respond(op, "200", "OK", ref);
    return finish(op);
  }

  private ObjectNode list(ResourceType type, Gvk gvk, String id, String description, String listRef) {
    ObjectNode op = operation(type, gvk, id, description, "list");
    params(op).add(Parameters.allowWatchBookmarks()).add(Parameters.continueToken()).add(Parameters.fieldSelector())
        .add(Parameters.labelSelector()).add(Parameters.limit()).add(Parameters.resourceVersion())
        .add(Parameters.resourceVersionMatch()).add(Parameters.sendInitialEvents()).add(Parameters.timeoutSeconds())
        .add(Parameters.watch());
    ObjectNode ok = respond(op, "200", "OK", listRef);
    ok.withObjectProperty("content").putObject("application/json;stream=watch").putObject("schema").put("$ref", listRef);
    return finish(op);
  }

  private ObjectNode write(String verb, ResourceType type, Gvk gvk, String id, String description, String ref) {
    ObjectNode op = operation(type, gvk, id, description, verb);
    params(op).add(Parameters.dryRun()).add(Parameters.fieldManager(false)).add(Parameters.fieldValidation());
    body(op, List.of("*/*"), ref);
    respond(op, "200", "OK", ref);
    respond(op, "201", "Created", ref);
    if (verb.equals("post")) {
      respond(op, "202", "Accepted", ref);
    }
    return finish(op);
  }

  private ObjectNode patch(ResourceType type, Gvk gvk, String id, String description, String ref) {
    ObjectNode op = operation(type, gvk, id, description, "patch");
    params(op).add(Parameters.dryRun()).add(Parameters.fieldManager(true)).add(Parameters.fieldValidation())
        .add(Parameters.force());
    List<String> mediaTypes = java.util.Arrays.stream(PatchType.values()).map(PatchType::mediaType).toList();
    body(op, mediaTypes, schemas.ref(SchemaNames.PATCH, "object", null));
    respond(op, "200", "OK", ref);
    respond(op, "201", "Created", ref);
    return finish(op);
  }

  private ObjectNode delete(ResourceType type, Gvk gvk, String id, String description, String ref) {
    ObjectNode op = operation(type, gvk, id, description, "delete");
    params(op).add(Parameters.dryRun()).add(Parameters.gracePeriodSeconds()).add(Parameters.orphanDependents())
        .add(Parameters.propagationPolicy());
    body(op, List.of("*/*"), schemas.ref(DeleteOptions.class)).put("required", false);
    respond(op, "200", "OK", ref);
    respond(op, "202", "Accepted", ref);
    return finish(op);
  }

  private ObjectNode deleteCollection(ResourceType type, Gvk gvk, String id, String description) {
    ObjectNode op = operation(type, gvk, id, description, "deletecollection");
    params(op).add(Parameters.continueToken()).add(Parameters.dryRun()).add(Parameters.fieldSelector())
        .add(Parameters.gracePeriodSeconds()).add(Parameters.labelSelector()).add(Parameters.limit())
        .add(Parameters.orphanDependents()).add(Parameters.propagationPolicy()).add(Parameters.resourceVersion())
        .add(Parameters.resourceVersionMatch()).add(Parameters.sendInitialEvents()).add(Parameters.timeoutSeconds());
    body(op, List.of("*/*"), schemas.ref(DeleteOptions.class)).put("required", false);
    respond(op, "200", "OK", schemas.ref(Status.class));
    return finish(op);
  }

  private ObjectNode log(Gvk gvk, String id, String description) {
    ObjectNode op = NODES.objectNode();
    op.putArray("tags").add("core_v1");
    op.put("description", description);
    op.put("operationId", id);
    ArrayNode params = op.putArray("parameters");
    for (String[] p : new String[][] {{"container", "string", "the container whose log to read"},
        {"follow", "boolean", "stream the log as it grows"},
        {"previous", "boolean", "read the log of the previous, terminated instance of the container"},
        {"sinceSeconds", "integer", "only lines newer than this many seconds"},
        {"tailLines", "integer", "only this many lines from the end"},
        {"timestamps", "boolean", "prefix every line with its RFC 3339 timestamp"},
        {"limitBytes", "integer", "stop after this many bytes"}}) {
      ObjectNode q = params.addObject();
      q.put("name", p[0]).put("in", "query").put("description", p[2]);
      q.putObject("schema").put("type", p[1]).put("uniqueItems", true);
    }
    ObjectNode ok = op.putObject("responses").putObject("200");
    ok.put("description", "OK");
    ok.putObject("content").putObject("text/plain").putObject("schema").put("type", "string");
    op.withObjectProperty("responses").putObject("401").put("description", "Unauthorized");
    op.put("x-kubernetes-action", "get");
    op.set("x-kubernetes-group-version-kind", gvk.toJson());
    return op;
  }

  private static ArrayNode params(ObjectNode op) {
    return (ArrayNode) op.get("parameters");
  }

  private static ObjectNode body(ObjectNode op, List<String> mediaTypes, String ref) {
    ObjectNode body = op.putObject("requestBody");
    ObjectNode content = body.putObject("content");
    for (String m : mediaTypes) {
      content.putObject(m).putObject("schema").put("$ref", ref);
    }
    body.put("required", true);
    return body;
  }

  private static ObjectNode respond(ObjectNode op, String code, String description, String ref) {
    ObjectNode r = op.withObjectProperty("responses").putObject(code);
    r.put("description", description);
    r.putObject("content").putObject("application/json").putObject("schema").put("$ref", ref);
    return r;
  }

  private static ObjectNode finish(ObjectNode op) {
    op.withObjectProperty("responses").putObject("401").put("description", "Unauthorized");
    return op;
  }

  /** {@code CoreV1}, {@code CoordinationV1}, {@code EventsV1}: the operation-id infix Kubernetes uses. */
  static String idPrefix(ResourceType type) {
    String group = type.group().isEmpty() ? "core" : type.group().split("\\.")[0];
    return capitalize(group) + capitalize(type.version());
  }

  /** {@code core_v1}, {@code coordination_v1}: the operation tag. */
  static String tag(ResourceType type) {
    String group = type.group().isEmpty() ? "core" : type.group().split("\\.")[0];
    return group + "_" + type.version();
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }
}
