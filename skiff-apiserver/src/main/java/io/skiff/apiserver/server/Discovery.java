package io.skiff.apiserver.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.resource.ResourceType;
import io.skiff.apiserver.resource.ResourceTypes;
import java.util.List;
import java.util.Optional;

/**
 * The discovery documents, legacy ({@code APIVersions}, {@code APIGroupList}, {@code APIResourceList}) and aggregated
 * ({@code apidiscovery.k8s.io/v2} and {@code v2beta1} {@code APIGroupDiscoveryList}), all derived from
 * {@link ResourceTypes}. Built once; they never change while the server runs.
 */
final class Discovery {
  static final String AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
  static final String AGGREGATED_V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

  /** pods/eviction takes a policy/v1 Eviction, which kubectl drain finds by these fields of the subresource. */
  static final String EVICTION_GROUP = "policy";
  static final String EVICTION_VERSION = "v1";

  private final ObjectMapper mapper;

  Discovery(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Which aggregated version the Accept header asks for, if any (v2 preferred). */
  static Optional<String> aggregatedVersion(String accept) {
    if (accept == null || !accept.contains("as=APIGroupDiscoveryList")) {
      return Optional.empty();
    }
    for (String part : accept.split(",")) {
      if (part.contains("as=APIGroupDiscoveryList") && part.contains("g=apidiscovery.k8s.io")) {
        if (part.contains("v=v2beta1")) {
          return Optional.of("v2beta1");
        }
        if (part.contains("v=v2")) {
          return Optional.of("v2");
        }
      }
    }
    return Optional.empty();
  }

  ObjectNode apiVersions(String serverAddress) {
    ObjectNode n = mapper.createObjectNode();
    n.put("kind", "APIVersions");
    n.putArray("versions").add("v1");
    ArrayNode sa = n.putArray("serverAddressByClientCIDRs");
    ObjectNode cidr = sa.addObject();
    cidr.put("clientCIDR", "0.0.0.0/0");
    cidr.put("serverAddress", serverAddress);
    return n;
  }

  ObjectNode apiGroupList() {
    ObjectNode n = mapper.createObjectNode();
    n.put("kind", "APIGroupList");
    n.put("apiVersion", "v1");
    ArrayNode groups = n.putArray("groups");
    for (String g : ResourceTypes.groups()) {
      groups.add(apiGroup(g));
    }
    return n;
  }

  ObjectNode apiGroup(String group) {
    ObjectNode g = mapper.createObjectNode();
    g.put("kind", "APIGroup");
    g.put("apiVersion", "v1");
    g.put("name", group);
    String version = ResourceTypes.ALL.stream().filter(t -> t.group().equals(group)).findFirst().orElseThrow().version();
    ObjectNode gv = mapper.createObjectNode();
    gv.put("groupVersion", group + "/" + version);
    gv.put("version", version);
    g.putArray("versions").add(gv);
    g.set("preferredVersion", gv.deepCopy());
    return g;
  }

  /** The APIResourceList of one group-version, or empty when none is served there. */
  Optional<ObjectNode> apiResourceList(String group, String version) {
    List<ResourceType> types = ResourceTypes.ALL.stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    if (types.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode n = mapper.createObjectNode();
    n.put("kind", "APIResourceList");
    n.put("apiVersion", "v1");
    n.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = n.putArray("resources");
    for (ResourceType t : types) {
      ObjectNode r = resources.addObject();
      r.put("name", t.plural());
      r.put("singularName", t.singular());
      r.put("namespaced", t.namespaced());
      r.put("kind", t.kind());
      ArrayNode verbs = r.putArray("verbs");
      ResourceType.VERBS.forEach(verbs::add);
      if (!t.shortNames().isEmpty()) {
        ArrayNode sn = r.putArray("shortNames");
        t.shortNames().forEach(sn::add);
      }
      if (!t.categories().isEmpty()) {
        ArrayNode c = r.putArray("categories");
        t.categories().forEach(c::add);
      }
      for (String sub : t.subresources()) {
        ObjectNode s = resources.addObject();
        s.put("name", t.plural() + "/" + sub);
        s.put("singularName", "");
        s.put("namespaced", t.namespaced());
        s.put("kind", subresourceKind(t, sub));
        if (sub.equals("eviction")) {
          s.put("group", EVICTION_GROUP);
          s.put("version", EVICTION_VERSION);
        }
        ArrayNode sv = s.putArray("verbs");
        subresourceVerbs(sub).forEach(sv::add);
      }
    }
    return Optional.of(n);
  }

  /** The aggregated document for {@code /api} (core only) or {@code /apis} (every named group). */
  ObjectNode aggregated(boolean core, String discoveryVersion) {
    ObjectNode n = mapper.createObjectNode();
    n.put("kind", "APIGroupDiscoveryList");
    n.put("apiVersion", "apidiscovery.k8s.io/" + discoveryVersion);
    n.putObject("metadata");
    ArrayNode items = n.putArray("items");
    List<String> groups = core ? List.of("") : ResourceTypes.groups();
    for (String group : groups) {
      ObjectNode item = items.addObject();
      item.putObject("metadata").put("name", group);
      ArrayNode versions = item.putArray("versions");
      for (String version : ResourceTypes.ALL.stream().filter(t -> t.group().equals(group)).map(ResourceType::version).distinct().toList()) {
        ObjectNode v = versions.addObject();
        v.put("version", version);
        v.put("freshness", "Current");
        ArrayNode resources = v.putArray("resources");
        for (ResourceType t : ResourceTypes.ALL.stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList()) {
          ObjectNode r = resources.addObject();
          r.put("resource", t.plural());
          ObjectNode kind = r.putObject("responseKind");
          kind.put("group", t.group());
          kind.put("version", t.version());
          kind.put("kind", t.kind());
          r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
          r.put("singularResource", t.singular());
          ArrayNode verbs = r.putArray("verbs");
          ResourceType.VERBS.forEach(verbs::add);
          if (!t.shortNames().isEmpty()) {
            ArrayNode sn = r.putArray("shortNames");
            t.shortNames().forEach(sn::add);
          }
          if (!t.categories().isEmpty()) {
            ArrayNode c = r.putArray("categories");
            t.categories().forEach(c::add);
          }
          if (!t.subresources().isEmpty()) {
            ArrayNode subs = r.putArray("subresources");
            for (String sub : t.subresources()) {
              ObjectNode s = subs.addObject();
              s.put("subresource", sub);
              ObjectNode sk = s.putObject("responseKind");
              sk.put("group", sub.equals("eviction") ? EVICTION_GROUP : "");
              sk.put("version", sub.equals("eviction") ? EVICTION_VERSION : "v1");
              sk.put("kind", subresourceKind(t, sub));
              ArrayNode sv = s.putArray("verbs");
              subresourceVerbs(sub).forEach(sv::add);
            }
          }
        }
      }
    }
    return n;
  }

  private static String subresourceKind(ResourceType t, String sub) {
    return switch (sub) {
      case "binding" -> "Binding";
      case "eviction" -> "Eviction";
      case "exec" -> "PodExecOptions";
      case "attach" -> "PodAttachOptions";
      case "portforward" -> "PodPortForwardOptions";
      case "proxy" -> "NodeProxyOptions";
      default -> t.kind();
    };
  }

  private static List<String> subresourceVerbs(String sub) {
    return switch (sub) {
      case "status" -> List.of("get", "patch", "update");
      case "finalize" -> List.of("update");
      case "binding", "eviction" -> List.of("create");
      case "log" -> List.of("get");
      case "exec", "attach", "portforward", "proxy" -> List.of("create", "get");
      default -> List.of("get");
    };
  }
}
