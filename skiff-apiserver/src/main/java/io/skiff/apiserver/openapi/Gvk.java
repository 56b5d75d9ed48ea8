package io.skiff.apiserver.openapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** A group, version and kind, as the {@code x-kubernetes-group-version-kind} extension spells it. */
record Gvk(String group, String version, String kind) {
  Gvk {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(kind, "kind");
  }

  ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("group", group);
    o.put("kind", kind);
    o.put("version", version);
    return o;
  }
}
