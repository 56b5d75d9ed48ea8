package io.skiff.apiserver.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.common.SkiffException;
import io.skiff.store.KeyValue;
import java.io.IOException;

/**
 * Encodes objects for the store and decodes them back. As the apiserver's etcd3 storage does, the stored bytes
 * carry no resourceVersion; it is set from the key's modification revision when read.
 */
public final class ObjectCodec {
  private final ObjectMapper mapper;

  public ObjectCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The stored form of {@code object} (its resourceVersion left out). */
  public byte[] encode(HasMetadata object) {
    String rv = object.getMetadata().getResourceVersion();
    object.getMetadata().setResourceVersion(null);
    try {
      return mapper.writeValueAsBytes(object);
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot encode " + object.getKind(), e);
    } finally {
      object.getMetadata().setResourceVersion(rv);
    }
  }

  /** The object as the API serves it: its JSON with the resourceVersion it carries. */
  public byte[] json(HasMetadata object) {
    try {
      return mapper.writeValueAsBytes(object);
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot encode " + object.getKind(), e);
    }
  }

  /** The object stored in {@code kv}, with resourceVersion = its modification revision. */
  public <T extends HasMetadata> T decode(KeyValue kv, Class<T> type) {
    try {
      T object = mapper.readValue(kv.value(), type);
      object.getMetadata().setResourceVersion(Long.toString(kv.modRevision()));
      return object;
    } catch (IOException e) {
      throw new SkiffException.Internal("the stored value of " + kv.key() + " is not a valid object: " + e.getMessage(), e);
    }
  }

  /** The object as a JSON tree. */
  public com.fasterxml.jackson.databind.node.ObjectNode tree(HasMetadata object) {
    return mapper.valueToTree(object);
  }

  /** The managedFields entries a JSON array describes (none for null). */
  public java.util.List<io.fabric8.kubernetes.api.model.ManagedFieldsEntry> managedFields(com.fasterxml.jackson.databind.JsonNode array) {
    if (array == null || array.isNull()) {
      return new java.util.ArrayList<>();
    }
    try {
      return mapper.readerForListOf(io.fabric8.kubernetes.api.model.ManagedFieldsEntry.class).readValue(array);
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot convert managedFields", e);
    }
  }

  /** A deep copy, so that callers may change what they got without touching the cache. */
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> T copy(T object) {
    try {
      return (T) mapper.readValue(mapper.writeValueAsBytes(object), object.getClass());
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot copy " + object.getKind(), e);
    }
  }
}
