/**
 * Schema-aware decoding of request bodies, as the apiserver's serializers do: JSON or YAML is read once as a token
 * stream, checked against the fabric8 model class of the target resource (unknown fields, duplicated fields, wrong
 * JSON types, malformed quantities and timestamps), and turned into the model object according to the request's
 * field validation mode ({@link io.skiff.apiserver.decode.FieldValidation}). {@link io.skiff.apiserver.decode.Json}
 * holds the one Jackson configuration the whole server uses.
 */
package io.skiff.apiserver.decode;
