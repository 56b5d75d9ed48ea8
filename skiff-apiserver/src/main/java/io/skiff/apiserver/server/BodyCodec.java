package io.skiff.apiserver.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.apiserver.resource.ResourceType;
import io.skiff.apiserver.rest.WriteOptions.FieldValidation;
import java.util.List;

/**
 * Turns request bodies into objects and applies patches: the seam between HTTP serving and the schema-aware
 * decoding and patching code.
 */
public interface BodyCodec {

  /** An object decoded from a body, with the field-validation warnings to send back. */
  record Decoded(HasMetadata object, List<String> warnings) {}

  /** Decodes a create/update body of media type {@code mediaType} into an object of {@code type}. */
  Decoded decode(byte[] body, String mediaType, ResourceType type, FieldValidation validation);

  /** Decodes an already parsed tree (a patch result). */
  Decoded decode(JsonNode tree, ResourceType type, FieldValidation validation);

  /** The JSON tree of an object. */
  JsonNode tree(HasMetadata object);

  /** Applies a patch body of media type {@code mediaType} to {@code current}. */
  JsonNode patch(String mediaType, JsonNode current, byte[] body, ResourceType type, String fieldManager, boolean force);

  /** Parses an apply-patch body (YAML or JSON) into a tree, for creating the object on first apply. */
  JsonNode parseApplyBody(byte[] body);
}
