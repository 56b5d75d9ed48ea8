package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceSpec;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
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
 * Namespaces: DNS-label names, the {@code kubernetes.io/metadata.name} label, phase {@code Active} and the
 * {@code kubernetes} finalizer on create; spec finalizers and status change only through their subresources.
 */
public final class NamespaceStrategy implements ResourceStrategy<Namespace> {

  /** The label every namespace carries with its own name. */
  public static final String NAME_LABEL = "kubernetes.io/metadata.name";
  /** The finalizer the namespace controller removes once the namespace is empty. */
  public static final String KUBERNETES_FINALIZER = "kubernetes";

  private static final List<Column> COLUMNS = List.of(Columns.NAME,
      Columns.text("Status", "The phase of the namespace: Active, or Terminating while its contents are deleted."), Columns.AGE);

  @Override
  public void prepareForCreate(Namespace ns) {
    nameLabel(ns);
    NamespaceStatus status = new NamespaceStatus();
    status.setPhase("Active");
    ns.setStatus(status);
    NamespaceSpec spec = ns.getSpec() == null ? new NamespaceSpec() : ns.getSpec();
    List<String> finalizers = new ArrayList<>(PodDefaults.nonNull(spec.getFinalizers()));
    if (!finalizers.contains(KUBERNETES_FINALIZER)) {
      finalizers.add(KUBERNETES_FINALIZER);
    }
    spec.setFinalizers(finalizers);
    ns.setSpec(spec);
  }

  @Override
  public void prepareForUpdate(Namespace ns, Namespace old) {
    nameLabel(ns);
    NamespaceSpec spec = ns.getSpec() == null ? new NamespaceSpec() : ns.getSpec();
    spec.setFinalizers(old.getSpec() == null ? null : old.getSpec().getFinalizers());
    ns.setSpec(spec);
    ns.setStatus(old.getStatus());
  }

  @Override
  public void prepareForStatusUpdate(Namespace ns, Namespace old) {
    nameLabel(ns);
    ns.setSpec(old.getSpec());
  }

  private static void nameLabel(Namespace ns) {
    if (ns.getMetadata() == null || PodDefaults.empty(ns.getMetadata().getName())) {
      return;
    }
    Map<String, String> labels = ns.getMetadata().getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(ns.getMetadata().getLabels());
    labels.put(NAME_LABEL, ns.getMetadata().getName());
    ns.getMetadata().setLabels(labels);
  }

  @Override
  public List<FieldError> validate(Namespace ns) {
    List<FieldError> errors = new ArrayList<>(ObjectMetaValidation.validate(ns.getMetadata(), false, NameRule.DNS_LABEL));
    List<String> finalizers = ns.getSpec() == null ? List.of() : PodDefaults.nonNull(ns.getSpec().getFinalizers());
    for (String f : finalizers) {
      String name = ObjectMetaValidation.nz(f);
      NameRules.qualifiedName(name).forEach(m -> errors.add(FieldError.invalid("spec.finalizers", name, m)));
      if (name.split("/", -1).length == 1 && !name.equals(KUBERNETES_FINALIZER) && !name.equals("orphan") && !name.equals("foregroundDeletion")) {
        errors.add(FieldError.invalid("spec.finalizers", name, "name is neither a standard finalizer name nor is it fully qualified"));
      }
    }
    return errors;
  }

  @Override
  public List<FieldError> validateUpdate(Namespace ns, Namespace old) {
    List<FieldError> errors = validate(ns);
    errors.addAll(ObjectMetaValidation.validateUpdate(ns.getMetadata(), old.getMetadata()));
    return errors;
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(Namespace ns, Instant now) {
    String phase = ns.getStatus() == null ? "" : ObjectMetaValidation.nz(ns.getStatus().getPhase());
    return List.of(name(ns), phase, HumanDuration.since(ns.getMetadata() == null ? null : ns.getMetadata().getCreationTimestamp(), now));
  }

  @Override
  public Map<String, String> selectableFields(Namespace ns) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("metadata.name", name(ns));
    fields.put("status.phase", ns.getStatus() == null ? "" : ObjectMetaValidation.nz(ns.getStatus().getPhase()));
    // Kubernetes has always also accepted the bare "name" for namespaces
    fields.put("name", name(ns));
    return fields;
  }

  private static String name(Namespace ns) {
    return ns.getMetadata() == null ? "" : ObjectMetaValidation.nz(ns.getMetadata().getName());
  }
}
