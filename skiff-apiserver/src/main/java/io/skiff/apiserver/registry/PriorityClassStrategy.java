package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.skiff.apiserver.registry.ObjectMetaValidation.NameRule;
import io.skiff.apiserver.resource.Column;
import io.skiff.apiserver.resource.ResourceStrategy;
import io.skiff.common.FieldError;
import io.skiff.common.SkiffException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * scheduling.k8s.io/v1 PriorityClasses, cluster-scoped: preemptionPolicy defaults to {@code PreemptLowerPriority};
 * validation as Kubernetes' (the {@code system-} prefix only for the system classes with their exact value, user
 * values at most one billion, value and preemptionPolicy immutable); the Priority admission plugin's rule that only one
 * class is the global default; the system classes cannot be deleted; {@code kubectl get priorityclasses} columns
 * NAME, VALUE, GLOBAL-DEFAULT, AGE, PREEMPTIONPOLICY.
 */
public final class PriorityClassStrategy implements ResourceStrategy<PriorityClass> {
  static final String RESOURCE = "priorityclasses.scheduling.k8s.io";
  private static final List<String> POLICIES = List.of("Never", SystemPriorityClasses.PREEMPT_LOWER_PRIORITY);

  private static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      new Column("Value", "integer", "", "The value of this priority class: pods that use it get this priority.", 0),
      new Column("Global-Default", "boolean", "", "Whether pods without a priorityClassName get this class.", 0),
      Columns.AGE,
      Columns.text("PreemptionPolicy", "Whether pods of this class may preempt lower-priority pods (PreemptLowerPriority or Never)."));

  private final PriorityClasses classes;

  public PriorityClassStrategy(PriorityClasses classes) {
    this.classes = Objects.requireNonNull(classes, "classes");
  }

  @Override
  public void prepareForCreate(PriorityClass pc) {
    defaults(pc);
  }

  @Override
  public void prepareForUpdate(PriorityClass pc, PriorityClass old) {
    defaults(pc);
  }

  private static void defaults(PriorityClass pc) {
    if (pc.getPreemptionPolicy() == null) {
      pc.setPreemptionPolicy(SystemPriorityClasses.PREEMPT_LOWER_PRIORITY);
    }
    if (pc.getGlobalDefault() == null) {
      pc.setGlobalDefault(false);
    }
    if (pc.getValue() == null) {
      pc.setValue(0);
    }
  }

  @Override
  public List<FieldError> validate(PriorityClass pc) {
    List<FieldError> errors = fieldErrors(pc);
    if (errors.isEmpty()) {
      admitGlobalDefault(pc, false);
    }
    return errors;
  }

  @Override
  public List<FieldError> validateUpdate(PriorityClass pc, PriorityClass old) {
    List<FieldError> errors = fieldErrors(pc);
    errors.addAll(ObjectMetaValidation.validateUpdate(pc.getMetadata(), old.getMetadata()));
    if (!Objects.equals(pc.getValue(), old.getValue())) {
      errors.add(FieldError.forbidden("value", "may not be changed in an update."));
    }
    ObjectMetaValidation.immutable(errors, "preemptionPolicy", pc.getPreemptionPolicy(), old.getPreemptionPolicy());
    if (errors.isEmpty()) {
      admitGlobalDefault(pc, true);
    }
    return errors;
  }

  private static List<FieldError> fieldErrors(PriorityClass pc) {
    List<FieldError> errors = new ArrayList<>(ObjectMetaValidation.validate(pc.getMetadata(), false, NameRule.DNS_SUBDOMAIN));
    String name = pc.getMetadata() == null ? "" : ObjectMetaValidation.nz(pc.getMetadata().getName());
    int value = pc.getValue() == null ? 0 : pc.getValue();
    if (name.startsWith(SystemPriorityClasses.PREFIX)) {
      SystemPriorityClasses.unknownSystemClass(name, value, Boolean.TRUE.equals(pc.getGlobalDefault())).ifPresent(why ->
          errors.add(FieldError.forbidden("metadata.name",
              "priority class names with '" + SystemPriorityClasses.PREFIX + "' prefix are reserved for system use only. error: " + why)));
    } else if (value > SystemPriorityClasses.HIGHEST_USER_DEFINABLE_PRIORITY) {
      errors.add(FieldError.forbidden("value",
          "maximum allowed value of a user defined priority is " + SystemPriorityClasses.HIGHEST_USER_DEFINABLE_PRIORITY));
    }
    String policy = pc.getPreemptionPolicy();
    if (policy != null) {
      if (policy.isEmpty()) {
        errors.add(FieldError.required("preemptionPolicy", ""));
      } else if (!POLICIES.contains(policy)) {
        errors.add(FieldError.notSupported("preemptionPolicy", policy, POLICIES));
      }
    }
    return errors;
  }

  /**
   * The Priority admission plugin's check: a class may become the global default only while no other one is, a
   * second one is refused with 403.
   */
  private void admitGlobalDefault(PriorityClass pc, boolean update) {
    if (!Boolean.TRUE.equals(pc.getGlobalDefault())) {
      return;
    }
    Optional<PriorityClass> existing = classes.globalDefault();
    String name = pc.getMetadata().getName();
    if (existing.isPresent() && (!update || !existing.get().getMetadata().getName().equals(name))) {
      throw new SkiffException.Forbidden(RESOURCE + " \"" + name + "\" is forbidden: PriorityClass "
          + existing.get().getMetadata().getName() + " is already marked as default. Only one default can exist");
    }
  }

  @Override
  public void checkDelete(PriorityClass pc) {
    String name = pc.getMetadata().getName();
    if (SystemPriorityClasses.isSystemName(name)) {
      throw new SkiffException.Forbidden(RESOURCE + " \"" + name + "\" is forbidden: this is a system priority class and cannot be deleted");
    }
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(PriorityClass pc, Instant now) {
    return List.of(name(pc), pc.getValue() == null ? 0 : pc.getValue(), Boolean.TRUE.equals(pc.getGlobalDefault()),
        HumanDuration.since(pc.getMetadata() == null ? null : pc.getMetadata().getCreationTimestamp(), now),
        ObjectMetaValidation.nz(pc.getPreemptionPolicy()));
  }

  @Override
  public Map<String, String> selectableFields(PriorityClass pc) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("metadata.name", name(pc));
    return fields;
  }

  private static String name(PriorityClass pc) {
    return pc.getMetadata() == null ? "" : ObjectMetaValidation.nz(pc.getMetadata().getName());
  }
}
