package io.skiff.apiserver.resource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.common.FieldError;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The type-specific behaviour of one resource, as the apiserver's {@code rest.RESTCreateStrategy} and printers:
 * the generic REST machinery (metadata, revisions, storage, watch) calls these hooks and does the rest.
 * Implementations are stateless and thread-safe.
 *
 * @param <T> the fabric8 model class
 */
public interface ResourceStrategy<T extends HasMetadata> {

  /** Normalises and defaults a new object before validation (e.g. Pod defaulting, clearing status). */
  default void prepareForCreate(T object) {}

  /**
   * Normalises an update of the main resource before validation: e.g. for pods, keeps the old status, since status
   * changes go through the status subresource.
   */
  default void prepareForUpdate(T object, T old) {}

  /**
   * Normalises an update through the status subresource: keeps everything of {@code old} except the status
   * (and, as Kubernetes does, metadata changes other than labels/annotations are ignored).
   */
  default void prepareForStatusUpdate(T object, T old) {}

  /** Validates a new object, metadata included; an empty list means valid. Field paths are as Kubernetes prints them. */
  default List<FieldError> validate(T object) {
    return List.of();
  }

  /** Validates an update (e.g. immutable fields); by default the same as {@link #validate}. */
  default List<FieldError> validateUpdate(T object, T old) {
    return validate(object);
  }

  /**
   * Refuses the deletion of {@code object} by throwing a {@link io.skiff.common.SkiffException} (for example the
   * system PriorityClasses, which cannot be deleted); by default every object may be deleted.
   */
  default void checkDelete(T object) {}

  /** The columns of server-side printing ({@code kubectl get}), name column first. */
  List<Column> columns();

  /** One row's cells, matching {@link #columns()}; {@code now} is for ages. */
  List<Object> cells(T object, Instant now);

  /**
   * The values field selectors may match on, e.g. {@code metadata.name}, {@code spec.nodeName},
   * {@code status.phase}; always includes {@code metadata.name} and (namespaced) {@code metadata.namespace}.
   */
  Map<String, String> selectableFields(T object);
}
