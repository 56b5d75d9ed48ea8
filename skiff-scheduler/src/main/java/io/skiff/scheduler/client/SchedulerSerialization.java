package io.skiff.scheduler.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON mapping of the scheduler's client, cheaper to decode with than fabric8's default for what a scheduler reads
 * most (every pod change its informer sees):
 * <ul>
 *   <li>a watch event's object is decoded straight into its class when it starts with {@code apiVersion} and {@code
 *       kind}, as the API server writes it (fabric8 reads it into a JSON tree first to find the kind, then converts the
 *       tree); otherwise it takes fabric8's way;</li>
 *   <li>{@code metadata.managedFields} is skipped when decoding, as kube-scheduler's informers drop it (the scheduler
 *       never reads it, and it is the bulk of a pod's metadata); it is still written when set;</li>
 *   <li>Jackson's Blackbird module: generated accessors instead of reflection.</li>
 * </ul>
 * Everything else is fabric8's {@link KubernetesSerialization}. Thread-safe.
 */
public final class SchedulerSerialization extends KubernetesSerialization {
  private final ObjectMapper mapper;
  private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

  public SchedulerSerialization() {
    this(mapper());
  }

  private SchedulerSerialization(ObjectMapper mapper) {
    super(mapper, true);
    // After fabric8's modules (registered by super): Jackson applies the last registered module's bean modifiers
    // first, so Blackbird replaces the reflective accessors before fabric8 wraps them; registered earlier it would see
    // only fabric8's wrappers and leave deserialization reflective.
    mapper.registerModule(new BlackbirdModule());
    this.mapper = mapper;
  }

  private static ObjectMapper mapper() {
    return new ObjectMapper().addMixIn(ObjectMeta.class, WithoutManagedFields.class);
  }

  /** Reads {@code metadata} without {@code managedFields}; writes it as it is. */
  @JsonIgnoreProperties(value = "managedFields", allowGetters = true, ignoreUnknown = true)
  private interface WithoutManagedFields {}

  @Override
  @SuppressWarnings("unchecked")
  public <T> T unmarshal(String str, Class<T> type) {
    if (type != WatchEvent.class) {
      return super.unmarshal(str, type);
    }
    try (JsonParser p = mapper.createParser(str)) {
      return (T) watchEvent(p);
    } catch (IOException e) {
      throw KubernetesClientException.launderThrowable(e);
    }
  }

  private WatchEvent watchEvent(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new IOException("a watch event is a JSON object");
    }
    WatchEvent event = new WatchEvent();
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "type" -> event.setType(value == JsonToken.VALUE_NULL ? null : p.getText());
        case "object" -> event.setObject(value == JsonToken.VALUE_NULL ? null : object(p));
        default -> event.setAdditionalProperty(field, mapper.readValue(p, Object.class));
      }
    }
    return event;
  }

  /**
   * The resource whose START_OBJECT the parser is at: its leading {@code apiVersion} and {@code kind} name the class,
   * and the rest of the object is read straight into it; failing that (another order, an unknown kind, nothing after
   * them), the fields read so far and the rest are buffered and fabric8's polymorphic reading decides.
   */
  private Object object(JsonParser p) throws IOException {
    String apiVersion = null;
    String kind = null;
    JsonToken t = p.nextToken();
    while (t == JsonToken.FIELD_NAME && (apiVersion == null || kind == null)) {
      String field = p.currentName();
      if (!(field.equals("apiVersion") && apiVersion == null) && !(field.equals("kind") && kind == null)) {
        break;
      }
      if (p.nextToken() != JsonToken.VALUE_STRING) {
        return buffered(p, apiVersion, kind, field);
      }
      if (field.equals("apiVersion")) {
        apiVersion = p.getText();
      } else {
        kind = p.getText();
      }
      t = p.nextToken();
    }
    Class<? extends KubernetesResource> type = apiVersion == null || kind == null ? null : getRegisteredKubernetesResource(apiVersion, kind);
    if (type == null || !HasMetadata.class.isAssignableFrom(type) || t != JsonToken.FIELD_NAME) {
      return buffered(p, apiVersion, kind, null);
    }
    HasMetadata resource = (HasMetadata) readers.computeIfAbsent(type, mapper::readerFor).readValue(p);
    resource.setApiVersion(apiVersion);
    return resource;
  }

  /**
   * fabric8's polymorphic reading of an object of which {@code apiVersion} and {@code kind} (each may be null) were
   * read already, and the parser stands at the next field, at the object's end, or at the value of {@code pending}.
   */
  private Object buffered(JsonParser p, String apiVersion, String kind, String pending) throws IOException {
    TokenBuffer buffer = new TokenBuffer(p);
    buffer.writeStartObject();
    if (apiVersion != null) {
      buffer.writeStringField("apiVersion", apiVersion);
    }
    if (kind != null) {
      buffer.writeStringField("kind", kind);
    }
    JsonToken t = p.currentToken();
    if (pending != null) {
      buffer.writeFieldName(pending);
      buffer.copyCurrentStructure(p);
      t = p.nextToken();
    }
    for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      buffer.writeFieldName(p.currentName());
      p.nextToken();
      buffer.copyCurrentStructure(p);
    }
    buffer.writeEndObject();
    try (JsonParser replay = buffer.asParser(mapper)) {
      return mapper.readerFor(KubernetesResource.class).readValue(replay);
    }
  }
}
