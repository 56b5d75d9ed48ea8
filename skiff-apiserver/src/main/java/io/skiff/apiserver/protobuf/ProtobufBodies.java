package io.skiff.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Scheduling;
import io.skiff.common.SkiffException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Converts a protobuf-encoded Kubernetes object into its JSON form, following the JSON conventions of the API
 * types: times as RFC 3339 strings, quantities and int-or-strings as their scalar values, byte fields as base64,
 * maps as objects, raw extensions and FieldsV1 as embedded JSON, unset fields left out.
 */
public final class ProtobufBodies {
  /** Every protobuf body starts with these four bytes, then a {@code runtime.Unknown} envelope. */
  private static final byte[] MAGIC = {'k', '8', 's', 0};
  public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** The core/v1 kinds skiff serves, by kind (and policy/v1 Eviction, the body of pods/eviction, policy/v1 PodDisruptionBudget and scheduling.k8s.io/v1 PriorityClass). */
  private static final Map<String, Message> CORE_V1 = Map.of(
      "Pod", V1.Pod.getDefaultInstance(),
      "Namespace", V1.Namespace.getDefaultInstance(),
      "Node", V1.Node.getDefaultInstance(),
      "ConfigMap", V1.ConfigMap.getDefaultInstance(),
      "Secret", V1.Secret.getDefaultInstance(),
      "ServiceAccount", V1.ServiceAccount.getDefaultInstance(),
      "Event", V1.Event.getDefaultInstance(),
      "Binding", V1.Binding.getDefaultInstance());

  private ProtobufBodies() {}

  /** Whether {@code contentType} names the protobuf encoding. */
  public static boolean isProtobuf(String contentType) {
    return contentType != null && contentType.trim().toLowerCase(java.util.Locale.ROOT).startsWith(MEDIA_TYPE);
  }

  /** The JSON tree of the object in {@code body}. */
  public static JsonNode toJson(byte[] body, ObjectMapper mapper) {
    if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
      throw new SkiffException.BadRequest("the protobuf body does not start with the Kubernetes protobuf prefix");
    }
    Runtime.Unknown envelope;
    try {
      envelope = Runtime.Unknown.parseFrom(Arrays.copyOfRange(body, MAGIC.length, body.length));
    } catch (InvalidProtocolBufferException e) {
      throw new SkiffException.BadRequest("cannot read the protobuf envelope: " + e.getMessage(), e);
    }
    String apiVersion = envelope.getTypeMeta().getApiVersion();
    String kind = envelope.getTypeMeta().getKind();
    Message prototype = Optional.ofNullable("v1".equals(apiVersion) ? CORE_V1.get(kind)
            : "policy/v1".equals(apiVersion) && "Eviction".equals(kind) ? V1Policy.Eviction.getDefaultInstance()
            : "policy/v1".equals(apiVersion) && "PodDisruptionBudget".equals(kind) ? V1Policy.PodDisruptionBudget.getDefaultInstance()
            : "scheduling.k8s.io/v1".equals(apiVersion) && "PriorityClass".equals(kind) ? V1Scheduling.PriorityClass.getDefaultInstance()
            : null)
        .orElseThrow(() -> new SkiffException.UnsupportedMediaType("the protobuf encoding of " + apiVersion + " " + kind
            + " is not supported by skiff; send application/json"));
    Message object;
    try {
      object = prototype.getParserForType().parseFrom(envelope.getRaw());
    } catch (InvalidProtocolBufferException e) {
      throw new SkiffException.BadRequest("cannot read the protobuf " + kind + ": " + e.getMessage(), e);
    }
    ObjectNode json = message(object, mapper);
    json.put("apiVersion", apiVersion);
    json.put("kind", kind);
    return json;
  }

  private static ObjectNode message(Message m, ObjectMapper mapper) {
    ObjectNode out = NODES.objectNode();
    for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      JsonNode value;
      if (f.isMapField()) {
        ObjectNode map = NODES.objectNode();
        for (Object entry : (List<?>) e.getValue()) {
          Message me = (Message) entry;
          FieldDescriptor keyField = me.getDescriptorForType().findFieldByName("key");
          FieldDescriptor valueField = me.getDescriptorForType().findFieldByName("value");
          map.set(String.valueOf(me.getField(keyField)), scalar(valueField, me.getField(valueField), mapper));
        }
        value = map;
      } else if (f.isRepeated()) {
        ArrayNode array = NODES.arrayNode();
        for (Object item : (List<?>) e.getValue()) {
          array.add(scalar(f, item, mapper));
        }
        value = array;
      } else {
        value = scalar(f, e.getValue(), mapper);
      }
      if (value != null) {
        out.set(f.getName(), value);
      }
    }
    return out;
  }

  private static JsonNode scalar(FieldDescriptor f, Object value, ObjectMapper mapper) {
    return switch (f.getJavaType()) {
      case STRING -> NODES.textNode((String) value);
      case BOOLEAN -> NODES.booleanNode((Boolean) value);
      case INT -> NODES.numberNode((Integer) value);
      case LONG -> NODES.numberNode((Long) value);
      case FLOAT -> NODES.numberNode((Float) value);
      case DOUBLE -> NODES.numberNode((Double) value);
      case BYTE_STRING -> NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
      case ENUM -> NODES.textNode(value.toString());
      case MESSAGE -> special((Message) value, mapper);
    };
  }

  /** The API machinery types whose JSON form is not their protobuf structure. */
  private static JsonNode special(Message m, ObjectMapper mapper) {
    String type = m.getDescriptorForType().getFullName();
    return switch (type) {
      case "k8s.io.apimachinery.pkg.apis.meta.v1.Time", "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime" -> {
        long seconds = (Long) m.getField(m.getDescriptorForType().findFieldByName("seconds"));
        int nanos = (Integer) m.getField(m.getDescriptorForType().findFieldByName("nanos"));
        Instant t = Instant.ofEpochSecond(seconds, nanos);
        yield NODES.textNode(type.endsWith("MicroTime") ? DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MICROS))
            : DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS)));
      }
      case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> NODES.textNode((String) m.getField(m.getDescriptorForType().findFieldByName("string")));
      case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> {
        long kind = (Long) m.getField(m.getDescriptorForType().findFieldByName("type"));
        yield kind == 0 ? NODES.numberNode((Integer) m.getField(m.getDescriptorForType().findFieldByName("intVal")))
            : NODES.textNode((String) m.getField(m.getDescriptorForType().findFieldByName("strVal")));
      }
      case "k8s.io.apimachinery.pkg.runtime.RawExtension", "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1" -> {
        ByteString raw = (ByteString) m.getField(m.getDescriptorForType().findFieldByName("raw"));
        if (raw.isEmpty()) {
          yield null;
        }
        try {
          yield mapper.readTree(raw.toByteArray());
        } catch (IOException e) {
          throw new SkiffException.BadRequest("an embedded object in the protobuf body is not JSON: " + e.getMessage(), e);
        }
      }
      default -> message(m, mapper);
    };
  }
}
