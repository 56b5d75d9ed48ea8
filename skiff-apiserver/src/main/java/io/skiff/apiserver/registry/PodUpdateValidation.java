package io.skiff.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.skiff.common.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Validation of a Pod update ({@code ValidatePodUpdate}): the new object must be valid on its own, and its spec may
 * differ from the stored one only in container images, a shortened {@code activeDeadlineSeconds}, added
 * tolerations (or changed toleration seconds), removed scheduling gates, and a negative grace period raised to 1.
 * Anything else is one {@code spec: Forbidden} error naming what may change, followed by the differing fields.
 */
final class PodUpdateValidation {

  static final String UPDATABLE_FIELDS = "pod updates may not change fields other than "
      + "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
      + "`spec.tolerations` (only additions to existing tolerations),"
      + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_INT32 = Integer.MAX_VALUE;

  private PodUpdateValidation() {}

  static List<FieldError> validateUpdate(Pod pod, Pod old) {
    List<FieldError> errors = new ArrayList<>(ObjectMetaValidation.validateUpdate(pod.getMetadata(), old.getMetadata()));
    errors.addAll(PodValidation.metadataAndSpec(pod));
    PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
    PodSpec oldSpec = old.getSpec() == null ? new PodSpec() : old.getSpec();

    if (containerUpdates(errors, PodDefaults.nonNull(spec.getContainers()), PodDefaults.nonNull(oldSpec.getContainers()), "spec.containers")
        || containerUpdates(errors, PodDefaults.nonNull(spec.getInitContainers()), PodDefaults.nonNull(oldSpec.getInitContainers()),
            "spec.initContainers")) {
      return errors;
    }
    if (spec.getActiveDeadlineSeconds() != null) {
      long value = spec.getActiveDeadlineSeconds();
      if (value < 0 || value > MAX_INT32) {
        errors.add(FieldError.invalid("spec.activeDeadlineSeconds", value, NameRules.inclusiveRange(0, MAX_INT32)));
        return errors;
      }
      if (oldSpec.getActiveDeadlineSeconds() != null && oldSpec.getActiveDeadlineSeconds() < value) {
        errors.add(FieldError.invalid("spec.activeDeadlineSeconds", value, "must be less than or equal to previous value"));
        return errors;
      }
    } else if (oldSpec.getActiveDeadlineSeconds() != null) {
      errors.add(FieldError.invalid("spec.activeDeadlineSeconds", GoValue.NULL, "must not update from a positive integer to nil value"));
    }
    errors.addAll(onlyAddedTolerations(PodDefaults.nonNull(spec.getTolerations()), PodDefaults.nonNull(oldSpec.getTolerations())));
    errors.addAll(onlyDeletedSchedulingGates(spec, oldSpec));

    JsonNode newNode = JSON.valueToTree(spec);
    JsonNode oldNode = JSON.valueToTree(oldSpec);
    if (newNode.equals(oldNode)) {
      return errors;
    }
    String oldQos = old.getStatus() == null || PodDefaults.empty(old.getStatus().getQosClass()) ? PodQos.of(old) : old.getStatus().getQosClass();
    if (!oldQos.equals(PodQos.of(pod))) {
      String newQos = pod.getStatus() == null ? "" : ObjectMetaValidation.nz(pod.getStatus().getQosClass());
      errors.add(FieldError.invalid("metadata", newQos, "Pod QOS is immutable"));
    }
    ObjectNode munged = munge((ObjectNode) newNode, (ObjectNode) oldNode, oldSpec);
    if (!munged.equals(oldNode)) {
      errors.add(FieldError.forbidden("spec", UPDATABLE_FIELDS + "\n" + JsonDiff.describe("spec", oldNode, munged)));
    }
    return errors;
  }

  /** Copies the fields an update may change from the old spec, so what remains must be equal. */
  private static ObjectNode munge(ObjectNode newNode, ObjectNode oldNode, PodSpec oldSpec) {
    ObjectNode m = newNode.deepCopy();
    copyImages(m, oldNode, "containers");
    copyImages(m, oldNode, "initContainers");
    copy(m, oldNode, "activeDeadlineSeconds");
    copy(m, oldNode, "schedulingGates");
    copy(m, oldNode, "tolerations");
    Long oldGrace = oldSpec.getTerminationGracePeriodSeconds();
    JsonNode grace = m.get("terminationGracePeriodSeconds");
    if (oldGrace != null && oldGrace < 0 && grace != null && grace.asLong() == 1) {
      copy(m, oldNode, "terminationGracePeriodSeconds");
    }
    return m;
  }

  private static void copyImages(ObjectNode m, ObjectNode old, String field) {
    if (m.get(field) instanceof ArrayNode list && old.get(field) instanceof ArrayNode oldList) {
      for (int i = 0; i < list.size() && i < oldList.size(); i++) {
        if (list.get(i) instanceof ObjectNode c) {
          JsonNode image = oldList.get(i).get("image");
          if (image == null) {
            c.remove("image");
          } else {
            c.set("image", image);
          }
        }
      }
    }
  }

  private static void copy(ObjectNode m, ObjectNode old, String field) {
    JsonNode value = old.get(field);
    if (value == null) {
      m.remove(field);
    } else {
      m.set(field, value);
    }
  }

  /** Adds the container-count and image errors; true when validation must stop (containers added or removed). */
  private static boolean containerUpdates(List<FieldError> errors, List<Container> containers, List<Container> old, String path) {
    if (containers.size() != old.size()) {
      errors.add(FieldError.forbidden(path, "pod updates may not add or remove containers"));
      return true;
    }
    for (int i = 0; i < containers.size(); i++) {
      String image = ObjectMetaValidation.nz(containers.get(i).getImage());
      if (image.isEmpty()) {
        errors.add(FieldError.required(path + "[" + i + "].image", ""));
      }
      if (!image.equals(image.strip())) {
        errors.add(FieldError.invalid(path + "[" + i + "].image", image, "must not have leading or trailing whitespace"));
      }
    }
    return false;
  }

  private static List<FieldError> onlyAddedTolerations(List<Toleration> tolerations, List<Toleration> old) {
    for (Toleration o : old) {
      boolean found = tolerations.stream().anyMatch(t -> Objects.equals(t.getKey(), o.getKey()) && Objects.equals(t.getOperator(), o.getOperator())
          && Objects.equals(t.getValue(), o.getValue()) && Objects.equals(t.getEffect(), o.getEffect()));
      if (!found) {
        return List.of(FieldError.forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"));
      }
    }
    return PodValidation.tolerations(tolerations, "spec.tolerations");
  }

  private static List<FieldError> onlyDeletedSchedulingGates(PodSpec spec, PodSpec old) {
    List<String> gates = PodDefaults.nonNull(spec.getSchedulingGates()).stream().map(g -> ObjectMetaValidation.nz(g.getName())).toList();
    List<String> oldGates = PodDefaults.nonNull(old.getSchedulingGates()).stream().map(g -> ObjectMetaValidation.nz(g.getName())).toList();
    return gates.stream().filter(g -> !oldGates.contains(g)).distinct().sorted()
        .map(g -> FieldError.forbidden("spec.schedulingGates", "only deletion is allowed, but found new scheduling gate '" + g + "'"))
        .toList();
  }
}
