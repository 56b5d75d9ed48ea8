package io.skiff.apiserver.decode;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * A decoded request body.
 *
 * @param object   the model object
 * @param tree     the JSON tree it was built from, with unknown fields removed and {@code apiVersion}/{@code kind}
 *                 filled in from the endpoint when absent
 * @param warnings field-validation warnings for {@code Warning: 299} headers, e.g. {@code unknown field "matadata"}
 * @param <T>      the model class
 */
public record Decoded<T>(T object, JsonNode tree, List<String> warnings) {
  public Decoded {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(tree, "tree");
    warnings = List.copyOf(warnings);
  }
}
