package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.skiff.common.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The metadata checks every resource shares (apimachinery's {@code ValidateObjectMeta} and
 * {@code ValidateObjectMetaUpdate}, plus core's finalizer rule): name syntax per kind, namespace presence,
 * label and annotation syntax, annotation size, finalizer names, and what an update may not change.
 */
public final class ObjectMetaValidation {

  /** Annotations may take at most this many bytes in total (keys and values). */
  public static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

  private static final Set<String> STANDARD_FINALIZERS = Set.of("kubernetes", "orphan", "foregroundDeletion");

  /** The syntax a kind's names must follow. */
  public enum NameRule {
    /** DNS-1123 subdomain: pods, nodes, configmaps, secrets, service accounts, leases, events.k8s.io events. */
    DNS_SUBDOMAIN,
    /** DNS-1123 label: namespaces. */
    DNS_LABEL,
    /** Only what a URL path segment allows: core/v1 events. */
    PATH_SEGMENT;

    List<String> check(String name, boolean prefix) {
      String value = prefix ? maskTrailingDash(name) : name;
      return switch (this) {
        case DNS_SUBDOMAIN -> NameRules.dns1123Subdomain(value);
        case DNS_LABEL -> NameRules.dns1123Label(value);
        case PATH_SEGMENT -> NameRules.pathSegmentName(name, prefix);
      };
    }

    /** A generateName may end in '-'; Kubernetes checks it as if the ending were a letter. */
    private static String maskTrailingDash(String name) {
      if (name.length() > 1 && name.endsWith("-")) {
        return name.substring(0, name.length() - 2) + "a";
      }
      return name;
    }
  }

  private ObjectMetaValidation() {}

  /**
   * Validates the metadata of an object being created.
   *
   * @param meta       the metadata (null counts as empty)
   * @param namespaced whether the kind lives in a namespace
   * @param rule       the name syntax of the kind
   */
  public static List<FieldError> validate(ObjectMeta meta, boolean namespaced, NameRule rule) {
    ObjectMeta m = meta == null ? new ObjectMeta() : meta;
    List<FieldError> errors = new ArrayList<>();
    String generateName = nz(m.getGenerateName());
    String name = nz(m.getName());
    if (!generateName.isEmpty()) {
      for (String msg : rule.check(generateName, true)) {
        errors.add(FieldError.invalid("metadata.generateName", generateName, msg));
      }
    }
    if (name.isEmpty()) {
      if (generateName.isEmpty()) {
        errors.add(FieldError.required("metadata.name", "name or generateName is required"));
      }
    } else {
      for (String msg : rule.check(name, false)) {
        errors.add(FieldError.invalid("metadata.name", name, msg));
      }
    }
    String namespace = nz(m.getNamespace());
    if (namespaced) {
      if (namespace.isEmpty()) {
        errors.add(FieldError.required("metadata.namespace", ""));
      } else {
        for (String msg : NameRules.dns1123Label(namespace)) {
          errors.add(FieldError.invalid("metadata.namespace", namespace, msg));
        }
      }
    } else if (!namespace.isEmpty()) {
      errors.add(FieldError.forbidden("metadata.namespace", "not allowed on this type"));
    }
    if (m.getGeneration() != null && m.getGeneration() < 0) {
      errors.add(FieldError.invalid("metadata.generation", m.getGeneration(), "must be greater than or equal to 0"));
    }
    errors.addAll(labels(m.getLabels(), "metadata.labels"));
    errors.addAll(annotations(m.getAnnotations(), "metadata.annotations"));
    errors.addAll(finalizers(m.getFinalizers()));
    return errors;
  }

  /** Validates the metadata of an update against the stored object's. */
  public static List<FieldError> validateUpdate(ObjectMeta meta, ObjectMeta old) {
    ObjectMeta m = meta == null ? new ObjectMeta() : meta;
    ObjectMeta o = old == null ? new ObjectMeta() : old;
    List<FieldError> errors = new ArrayList<>();
    if (o.getDeletionTimestamp() != null) {
      Set<String> added = new TreeSet<>(m.getFinalizers() == null ? List.of() : m.getFinalizers());
      added.removeAll(o.getFinalizers() == null ? List.of() : o.getFinalizers());
      if (!added.isEmpty()) {
        String found = added.stream().map(GoValue::quote).collect(Collectors.joining(" ", "[", "]"));
        errors.add(FieldError.forbidden("metadata.finalizers",
            "no new finalizers can be added if the object is being deleted, found new finalizers " + found));
      }
    }
    long generation = m.getGeneration() == null ? 0 : m.getGeneration();
    long oldGeneration = o.getGeneration() == null ? 0 : o.getGeneration();
    if (generation < oldGeneration) {
      errors.add(FieldError.invalid("metadata.generation", generation, "must not be decremented"));
    }
    immutable(errors, "metadata.name", nz(m.getName()), nz(o.getName()));
    immutable(errors, "metadata.namespace", nz(m.getNamespace()), nz(o.getNamespace()));
    if (m.getUid() != null && !m.getUid().isEmpty()) {
      immutable(errors, "metadata.uid", m.getUid(), nz(o.getUid()));
    }
    if (m.getCreationTimestamp() != null && !m.getCreationTimestamp().isEmpty()) {
      immutable(errors, "metadata.creationTimestamp", m.getCreationTimestamp(), nz(o.getCreationTimestamp()));
    }
    errors.addAll(labels(m.getLabels(), "metadata.labels"));
    errors.addAll(annotations(m.getAnnotations(), "metadata.annotations"));
    return errors;
  }

  /** Label keys and values ({@code ValidateLabels}), reported at {@code path}, keys in sorted order. */
  public static List<FieldError> labels(Map<String, String> labels, String path) {
    List<FieldError> errors = new ArrayList<>();
    if (labels == null) {
      return errors;
    }
    for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
      for (String msg : NameRules.qualifiedName(e.getKey())) {
        errors.add(FieldError.invalid(path, e.getKey(), msg));
      }
      String value = nz(e.getValue());
      for (String msg : NameRules.labelValue(value)) {
        errors.add(FieldError.invalid(path, value, msg));
      }
    }
    return errors;
  }

  /** Annotation keys (qualified names, case-insensitive) and the total size limit. */
  public static List<FieldError> annotations(Map<String, String> annotations, String path) {
    List<FieldError> errors = new ArrayList<>();
    if (annotations == null) {
      return errors;
    }
    long size = 0;
    for (Map.Entry<String, String> e : new TreeMap<>(annotations).entrySet()) {
      for (String msg : NameRules.qualifiedName(e.getKey().toLowerCase(Locale.ROOT))) {
        errors.add(FieldError.invalid(path, e.getKey(), msg));
      }
      size += e.getKey().getBytes(StandardCharsets.UTF_8).length + nz(e.getValue()).getBytes(StandardCharsets.UTF_8).length;
    }
    if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
      errors.add(new FieldError(FieldError.Type.TOO_LONG, path, null, "may not be more than " + TOTAL_ANNOTATION_SIZE_LIMIT + " bytes"));
    }
    return errors;
  }

  private static List<FieldError> finalizers(List<String> finalizers) {
    List<FieldError> errors = new ArrayList<>();
    if (finalizers == null) {
      return errors;
    }
    boolean orphan = false;
    boolean foreground = false;
    for (String f : finalizers) {
      String name = nz(f);
      for (String msg : NameRules.qualifiedName(name)) {
        errors.add(FieldError.invalid("metadata.finalizers", name, msg));
      }
      orphan |= name.equals("orphan");
      foreground |= name.equals("foregroundDeletion");
    }
    if (orphan && foreground) {
      errors.add(FieldError.invalid("metadata.finalizers", GoValue.stringSlice(finalizers),
          "finalizer orphan and foregroundDeletion cannot be both set"));
    }
    for (int i = 0; i < finalizers.size(); i++) {
      String name = nz(finalizers.get(i));
      if (name.split("/", -1).length == 1 && !STANDARD_FINALIZERS.contains(name)) {
        errors.add(FieldError.invalid("metadata.finalizers[" + i + "]", name, "name is neither a standard finalizer name nor is it fully qualified"));
      }
    }
    return errors;
  }

  /** Adds {@code field is immutable} when {@code value} differs from {@code old}. */
  static void immutable(List<FieldError> errors, String path, Object value, Object old) {
    if (!Objects.equals(value, old)) {
      errors.add(FieldError.invalid(path, value, "field is immutable"));
    }
  }

  static String nz(String s) {
    return s == null ? "" : s;
  }
}
