package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.skiff.apiserver.registry.ObjectMetaValidation.NameRule;
import io.skiff.apiserver.resource.Column;
import io.skiff.apiserver.resource.ResourceStrategy;
import io.skiff.common.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * policy/v1 PodDisruptionBudgets, namespaced, as Kubernetes' registry strategy: a new budget starts with an empty
 * status, the main resource never changes the status and the status subresource never changes the spec (a spec change
 * raises metadata.generation, which the disruption controller acknowledges in status.observedGeneration); names are
 * path segments; validation in {@link PodDisruptionBudgetValidation}. {@code kubectl get pdb} prints NAME, MIN AVAILABLE,
 * MAX UNAVAILABLE, ALLOWED DISRUPTIONS, AGE.
 */
public final class PodDisruptionBudgetStrategy implements ResourceStrategy<PodDisruptionBudget> {

  private static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      Columns.text("Min Available", "How many of the selected pods must stay available (spec.minAvailable), or N/A."),
      Columns.text("Max Unavailable", "How many of the selected pods may be unavailable (spec.maxUnavailable), or N/A."),
      new Column("Allowed Disruptions", "integer", "", "How many selected pods may be evicted now (status.disruptionsAllowed).", 0),
      Columns.AGE);

  @Override
  public void prepareForCreate(PodDisruptionBudget pdb) {
    pdb.setStatus(new PodDisruptionBudgetStatus());
  }

  @Override
  public void prepareForUpdate(PodDisruptionBudget pdb, PodDisruptionBudget old) {
    pdb.setStatus(old.getStatus());
  }

  @Override
  public void prepareForStatusUpdate(PodDisruptionBudget pdb, PodDisruptionBudget old) {
    pdb.setSpec(old.getSpec());
  }

  @Override
  public List<FieldError> validate(PodDisruptionBudget pdb) {
    List<FieldError> errors = new ArrayList<>(ObjectMetaValidation.validate(pdb.getMetadata(), true, NameRule.PATH_SEGMENT));
    errors.addAll(PodDisruptionBudgetValidation.spec(pdb.getSpec()));
    return errors;
  }

  @Override
  public List<FieldError> validateUpdate(PodDisruptionBudget pdb, PodDisruptionBudget old) {
    List<FieldError> errors = new ArrayList<>(ObjectMetaValidation.validateUpdate(pdb.getMetadata(), old.getMetadata()));
    errors.addAll(PodDisruptionBudgetValidation.spec(pdb.getSpec()));
    errors.addAll(PodDisruptionBudgetValidation.status(pdb.getStatus()));
    return errors;
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(PodDisruptionBudget pdb, Instant now) {
    IntOrString min = pdb.getSpec() == null ? null : pdb.getSpec().getMinAvailable();
    IntOrString max = pdb.getSpec() == null ? null : pdb.getSpec().getMaxUnavailable();
    Integer allowed = pdb.getStatus() == null ? null : pdb.getStatus().getDisruptionsAllowed();
    return List.of(name(pdb), text(min), text(max), allowed == null ? 0 : allowed,
        HumanDuration.since(pdb.getMetadata() == null ? null : pdb.getMetadata().getCreationTimestamp(), now));
  }

  /** An IntOrString as Kubernetes' {@code String()} prints it: the percentage or the number; N/A when unset. */
  private static String text(IntOrString v) {
    if (v == null) {
      return "N/A";
    }
    return v.getStrVal() != null ? v.getStrVal() : String.valueOf(v.getIntVal() == null ? 0 : v.getIntVal());
  }

  @Override
  public Map<String, String> selectableFields(PodDisruptionBudget pdb) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("metadata.name", name(pdb));
    fields.put("metadata.namespace", pdb.getMetadata() == null ? "" : ObjectMetaValidation.nz(pdb.getMetadata().getNamespace()));
    return fields;
  }

  private static String name(PodDisruptionBudget pdb) {
    return pdb.getMetadata() == null ? "" : ObjectMetaValidation.nz(pdb.getMetadata().getName());
  }
}
