package io.skiff.apiserver.decode;

import java.util.Objects;

/**
 * One known field of a model struct.
 *
 * @param name  the JSON field name, e.g. {@code imagePullPolicy}
 * @param type  its JSON shape
 * @param owner    the fabric8 class declaring it (the Go struct), e.g. {@code Container}
 * @param javaType the declared Java type of the field, e.g. {@code List<Container>}
 */
public record Property(String name, ModelType type, Class<?> owner, java.lang.reflect.Type javaType) {
  public Property {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(javaType, "javaType");
  }
}
