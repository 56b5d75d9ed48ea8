package io.skiff.apiserver.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.apiserver.resource.Column;
import io.skiff.apiserver.resource.ResourceStrategy;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Writes server-side printing: a {@code meta.k8s.io/v1 Table} whose rows carry the type's cells and the object's metadata. */
final class TableWriter {
  private final ObjectMapper mapper;

  TableWriter(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Whether the Accept header asks for a Table. */
  static boolean wantsTable(String accept) {
    return accept != null && accept.contains("as=Table") && accept.contains("g=meta.k8s.io");
  }

  /** Writes a whole Table. {@code headers} false leaves out the column definitions (watch events after the first). */
  void write(JsonGenerator g, ResourceStrategy<HasMetadata> strategy, List<HasMetadata> items, String resourceVersion, String continueToken,
      boolean headers, String includeObject, Instant now) throws IOException {
    g.writeStartObject();
    g.writeStringField("kind", "Table");
    g.writeStringField("apiVersion", "meta.k8s.io/v1");
    g.writeObjectFieldStart("metadata");
    if (resourceVersion != null) {
      g.writeStringField("resourceVersion", resourceVersion);
    }
    if (continueToken != null) {
      g.writeStringField("continue", continueToken);
    }
    g.writeEndObject();
    g.writeArrayFieldStart("columnDefinitions");
    if (headers) {
      for (Column c : strategy.columns()) {
        g.writeStartObject();
        g.writeStringField("name", c.name());
        g.writeStringField("type", c.type());
        g.writeStringField("format", c.format());
        g.writeStringField("description", c.description());
        g.writeNumberField("priority", c.priority());
        g.writeEndObject();
      }
    }
    g.writeEndArray();
    g.writeArrayFieldStart("rows");
    for (HasMetadata item : items) {
      g.writeStartObject();
      g.writeFieldName("cells");
      mapper.writeValue(g, strategy.cells(item, now));
      if (!"None".equals(includeObject)) {
        g.writeFieldName("object");
        if ("Object".equals(includeObject)) {
          mapper.writeValue(g, item);
        } else {
          g.writeStartObject();
          g.writeStringField("kind", "PartialObjectMetadata");
          g.writeStringField("apiVersion", "meta.k8s.io/v1");
          g.writeFieldName("metadata");
          mapper.writeValue(g, item.getMetadata());
          g.writeEndObject();
        }
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }
}
