package io.skiff.apiserver.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Status;
import io.skiff.apiserver.decode.BodyFormat;
import io.skiff.apiserver.decode.Decoded;
import io.skiff.apiserver.decode.FieldValidation;
import io.skiff.apiserver.decode.StrictDecoder;
import io.skiff.apiserver.patch.PatchOptions;
import io.skiff.apiserver.patch.PatchType;
import io.skiff.apiserver.patch.Patcher;
import io.skiff.apiserver.protobuf.ProtobufBodies;
import io.skiff.apiserver.registry.PodEviction;
import io.skiff.apiserver.resource.ResourceType;
import io.skiff.apiserver.resource.ResourceTypes;
import io.skiff.apiserver.rest.GenericRegistry;
import io.skiff.apiserver.rest.WriteOptions;
import io.skiff.apiserver.status.StatusMapper;
import io.skiff.common.SkiffException;
import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The verbs on resource URLs: get, list, watch, create, update, patch, delete, deletecollection, and pod subresources. */
final class ResourceHandler {
  private final Map<ResourceType, GenericRegistry> registries;
  private final ObjectMapper mapper;
  private final ListServer lists;
  private final NamespaceLifecycle namespaces;
  private final LogProxy logs;
  private final StreamProxy streams;
  private final InstantSource clock;
  private final PodEviction evictions;
  /** The answer to every successful pods/binding, encoded once: the scheduler posts one per pod. */
  private final byte[] bindingSuccess;

  ResourceHandler(Map<ResourceType, GenericRegistry> registries, ObjectMapper mapper, ListServer lists, NamespaceLifecycle namespaces,
      LogProxy logs, StreamProxy streams, InstantSource clock) {
    this.logs = logs;
    this.streams = streams;
    this.registries = registries;
    this.mapper = mapper;
    this.lists = lists;
    this.namespaces = namespaces;
    this.clock = clock;
    this.evictions = new PodEviction(mapper);
    try {
      this.bindingSuccess = mapper.writeValueAsBytes(StatusMapper.success());
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a Status", e);
    }
  }

  void handle(Exchange ex, ResourcePath p) throws IOException {
    GenericRegistry registry = registries.get(p.type());
    String method = ex.method();
    if (p.subresource() != null) {
      subresource(ex, p, registry, method);
      return;
    }
    if (p.name() == null) {
      switch (method) {
        case "GET" -> lists.listOrWatch(ex, p, registry);
        case "POST" -> create(ex, p, registry);
        case "DELETE" -> lists.deleteCollection(ex, p, registry, deleteOptions(ex), dryRun(ex));
        default -> throw notAllowed();
      }
      return;
    }
    switch (method) {
      case "GET" -> lists.get(ex, p, registry);
      case "PUT" -> update(ex, p, registry, false);
      case "PATCH" -> patch(ex, p, registry, false);
      case "DELETE" -> delete(ex, p, registry);
      default -> throw notAllowed();
    }
  }

  private void subresource(Exchange ex, ResourcePath p, GenericRegistry registry, String method) throws IOException {
    switch (p.subresource()) {
      case "status" -> {
        switch (method) {
          case "GET" -> ex.json(200, registry.store().get(p.namespace(), p.name()));
          case "PUT" -> update(ex, p, registry, true);
          case "PATCH" -> patch(ex, p, registry, true);
          default -> throw notAllowed();
        }
      }
      case "binding" -> {
        if (!method.equals("POST")) {
          throw notAllowed();
        }
        bind(ex, p, registry);
      }
      case "eviction" -> {
        if (!method.equals("POST") || p.type() != ResourceTypes.PODS) {
          throw notAllowed();
        }
        evict(ex, p, registry);
      }
      case "log" -> {
        if (!method.equals("GET")) {
          throw notAllowed();
        }
        logs.stream(ex, (Pod) registry.store().get(p.namespace(), p.name()));
      }
      case "exec", "attach", "portforward" -> streams.serve(ex, (Pod) registry.store().get(p.namespace(), p.name()), p.subresource());
      default -> throw new SkiffException.NotFound("the server could not find the requested resource");
    }
  }

  private void create(Exchange ex, ResourcePath p, GenericRegistry registry) {
    WriteOptions options = writeOptions(ex);
    Decoded<HasMetadata> decoded = decodeBody(ex, p.type(), options.validation());
    decoded.warnings().forEach(ex::addWarning);
    String namespace = p.type().namespaced() ? p.namespace() : null;
    if (p.type().namespaced() && namespace == null) {
      throw new SkiffException.NotFound("the server could not find the requested resource");
    }
    HasMetadata created = registry.create(namespace, decoded.object(), options);
    ex.json(201, created);
  }

  private void update(Exchange ex, ResourcePath p, GenericRegistry registry, boolean status) {
    WriteOptions options = writeOptions(ex);
    Decoded<HasMetadata> decoded = decodeBody(ex, p.type(), options.validation());
    decoded.warnings().forEach(ex::addWarning);
    HasMetadata updated = registry.update(p.namespace(), p.name(), decoded.object(), options, status);
    ex.json(200, updated);
  }

  private void patch(Exchange ex, ResourcePath p, GenericRegistry registry, boolean status) {
    WriteOptions given = writeOptions(ex);
    PatchType type = PatchType.forMediaType(ex.header("Content-Type")).orElseThrow(() -> new SkiffException.UnsupportedMediaType(
        "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, "
            + "application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json"));
    WriteOptions options = type == PatchType.APPLY ? given.asApply() : given;
    byte[] body = ex.body();
    PatchOptions patchOptions = new PatchOptions(ex.query("fieldManager"), options.force(), status ? "status" : "", clock.instant());
    if (type == PatchType.APPLY && (ex.query("fieldManager") == null || ex.query("fieldManager").isEmpty())) {
      throw new SkiffException.BadRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
    }
    if (type == PatchType.APPLY && !status && registry.store().find(p.namespace(), p.name()).isEmpty()) {
      Decoded<HasMetadata> decoded = Patcher.patch(type, null, body, p.type(), patchOptions, options.validation());
      decoded.warnings().forEach(ex::addWarning);
      HasMetadata object = decoded.object();
      String name = object.getMetadata() == null ? null : object.getMetadata().getName();
      if (name != null && !name.isEmpty() && !name.equals(p.name())) {
        throw new SkiffException.BadRequest("the name of the object (" + name + ") does not match the name on the URL (" + p.name() + ")");
      }
      object.getMetadata().setName(p.name());
      ex.json(201, registry.create(p.type().namespaced() ? p.namespace() : null, object, options));
      return;
    }
    List<String> warnings = new ArrayList<>();
    HasMetadata result = registry.write(p.namespace(), p.name(), null, current -> {
      warnings.clear();
      JsonNode tree = mapper.valueToTree(current);
      Decoded<HasMetadata> decoded = Patcher.patch(type, tree, body, p.type(), patchOptions, options.validation());
      warnings.addAll(decoded.warnings());
      return decoded.object();
    }, options, status);
    warnings.forEach(ex::addWarning);
    ex.json(200, result);
  }

  private void delete(Exchange ex, ResourcePath p, GenericRegistry registry) {
    DeleteOptions options = deleteOptions(ex);
    if (p.type() == ResourceTypes.NAMESPACES) {
      ex.json(200, namespaces.delete(p.name(), dryRun(ex)));
      return;
    }
    GenericRegistry.DeleteOutcome outcome = registry.delete(p.namespace(), p.name(), options, dryRun(ex));
    ex.json(200, outcome.object());
  }

  /** pods/binding: assigns an unscheduled pod to a node, as the scheduler does; once only. */
  private void bind(Exchange ex, ResourcePath p, GenericRegistry registry) {
    Binding binding;
    try {
      binding = ProtobufBodies.isProtobuf(ex.header("Content-Type"))
          ? mapper.treeToValue(ProtobufBodies.toJson(ex.body(), mapper), Binding.class)
          : mapper.readValue(ex.body(), Binding.class);
    } catch (IOException e) {
      throw new SkiffException.BadRequest("invalid Binding: " + e.getMessage());
    }
    if (binding.getTarget() == null || binding.getTarget().getName() == null || binding.getTarget().getName().isEmpty()) {
      throw new SkiffException.BadRequest("binding target name is required");
    }
    String node = binding.getTarget().getName();
    registry.store().guaranteedUpdateAndHandOver(p.namespace(), p.name(), o -> {
      Pod pod = (Pod) o;
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        throw new SkiffException.Conflict(new SkiffException.Subject("pods", p.name()), "pod " + p.name() + " is being deleted, cannot be assigned to a host");
      }
      String current = pod.getSpec().getNodeName();
      if (current != null && !current.isEmpty()) {
        throw new SkiffException.Conflict(new SkiffException.Subject("pods", p.name()),
            "pod " + p.name() + " is already assigned to node \"" + current + "\"");
      }
      pod.getSpec().setNodeName(node);
      List<PodCondition> conditions = pod.getStatus().getConditions() == null ? new ArrayList<>() : new ArrayList<>(pod.getStatus().getConditions());
      conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
      PodCondition scheduled = new PodCondition();
      scheduled.setType("PodScheduled");
      scheduled.setStatus("True");
      scheduled.setLastTransitionTime(GenericRegistry.timestamp(clock.instant()));
      conditions.add(scheduled);
      pod.getStatus().setConditions(conditions);
      return pod;
    });
    ex.bytes(201, "application/json", bindingSuccess);
  }

  /** pods/eviction: a policy/v1 Eviction deletes the pod gracefully when its PodDisruptionBudget allows it. */
  private void evict(Exchange ex, ResourcePath p, GenericRegistry registry) {
    JsonNode body;
    try {
      body = ProtobufBodies.isProtobuf(ex.header("Content-Type")) ? ProtobufBodies.toJson(ex.body(), mapper) : mapper.readTree(ex.body());
    } catch (IOException e) {
      throw new SkiffException.BadRequest("invalid Eviction: " + e.getMessage());
    }
    if (body == null || !body.isObject()) {
      throw new SkiffException.BadRequest("invalid Eviction: the body is not an object");
    }
    Status outcome = evictions.evict(registry, registries.get(ResourceTypes.POD_DISRUPTION_BUDGETS), p.namespace(), p.name(), body,
        dryRun(ex), clock.instant());
    if ("Failure".equals(outcome.getStatus())) {
      ex.status(outcome);
      return;
    }
    ex.json(201, outcome.toBuilder().withCode(201).build());
  }

  private DeleteOptions deleteOptions(Exchange ex) {
    DeleteOptions options = new DeleteOptions();
    byte[] body = ex.body();
    if (body.length > 0) {
      try {
        options = mapper.readValue(body, DeleteOptions.class);
      } catch (IOException e) {
        throw new SkiffException.BadRequest("invalid DeleteOptions: " + e.getMessage());
      }
    }
    String grace = ex.query("gracePeriodSeconds");
    if (grace != null) {
      try {
        options.setGracePeriodSeconds(Long.parseLong(grace));
      } catch (NumberFormatException e) {
        throw new SkiffException.BadRequest("invalid gracePeriodSeconds: " + grace);
      }
    }
    if (ex.query("propagationPolicy") != null) {
      options.setPropagationPolicy(ex.query("propagationPolicy"));
    }
    return options;
  }

  static boolean dryRun(Exchange ex) {
    List<String> values = ex.queryAll("dryRun");
    if (values == null || values.isEmpty()) {
      return false;
    }
    for (String v : values) {
      if (!v.equals("All")) {
        throw new SkiffException.BadRequest("Invalid dry run value: " + v + " (supported values: \"All\")");
      }
    }
    return true;
  }

  static WriteOptions writeOptions(Exchange ex) {
    String manager = ex.query("fieldManager");
    if (manager == null || manager.isEmpty()) {
      manager = managerFromUserAgent(ex.header("User-Agent"));
    }
    return new WriteOptions(dryRun(ex), manager, FieldValidation.parse(ex.query("fieldValidation")), ex.flag("force"), false);
  }

  /** The manager of a write without fieldManager: the user agent up to its first {@code /}, at most 128 characters. */
  static String managerFromUserAgent(String userAgent) {
    if (userAgent == null || userAgent.isEmpty()) {
      return null;
    }
    int slash = userAgent.indexOf('/');
    String prefix = slash < 0 ? userAgent : userAgent.substring(0, slash);
    return prefix.length() > 128 ? prefix.substring(0, 128) : prefix;
  }

  /** Decodes a create or update body: JSON, YAML, or Kubernetes protobuf (which kubectl's typed commands send). */
  private Decoded<HasMetadata> decodeBody(Exchange ex, ResourceType type, FieldValidation validation) {
    if (ProtobufBodies.isProtobuf(ex.header("Content-Type"))) {
      return StrictDecoder.decodeTree(type, ProtobufBodies.toJson(ex.body(), mapper), validation);
    }
    return StrictDecoder.decode(type, ex.body(), bodyFormat(ex), validation);
  }

  private static BodyFormat bodyFormat(Exchange ex) {
    return BodyFormat.forMediaType(ex.header("Content-Type") == null ? "application/json" : ex.header("Content-Type"))
        .orElseThrow(() -> new SkiffException.UnsupportedMediaType("the body of the request was in an unknown format - accepted media types "
            + "include: application/json, application/yaml"));
  }

  private static SkiffException notAllowed() {
    return new SkiffException.MethodNotAllowed("the server does not allow this method on the requested resource");
  }
}
