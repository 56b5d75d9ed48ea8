package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.skiff.apiserver.registry.ObjectMetaValidation.NameRule;
import io.skiff.apiserver.resource.Column;
import io.skiff.apiserver.resource.ResourceStrategy;
import io.skiff.common.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** coordination.k8s.io Leases: spec sanity (positive duration, non-negative transitions) and the HOLDER column. */
public final class LeaseStrategy implements ResourceStrategy<Lease> {

  private static final List<Column> COLUMNS =
      List.of(Columns.NAME, Columns.text("Holder", "The identity currently holding the lease (spec.holderIdentity)."), Columns.AGE);

  @Override
  public List<FieldError> validate(Lease lease) {
    List<FieldError> errors = new ArrayList<>(ObjectMetaValidation.validate(lease.getMetadata(), true, NameRule.DNS_SUBDOMAIN));
    LeaseSpec spec = lease.getSpec() == null ? new LeaseSpec() : lease.getSpec();
    if (spec.getLeaseDurationSeconds() != null && spec.getLeaseDurationSeconds() <= 0) {
      errors.add(FieldError.invalid("spec.leaseDurationSeconds", spec.getLeaseDurationSeconds(), "must be greater than 0"));
    }
    if (spec.getLeaseTransitions() != null && spec.getLeaseTransitions() < 0) {
      errors.add(FieldError.invalid("spec.leaseTransitions", spec.getLeaseTransitions(), "must be greater than or equal to 0"));
    }
    if (spec.getStrategy() != null && !spec.getStrategy().equals("OldestEmulationVersion")) {
      errors.add(FieldError.notSupported("spec.strategy", spec.getStrategy(), List.of("OldestEmulationVersion")));
    }
    if (!PodDefaults.empty(spec.getPreferredHolder()) && PodDefaults.empty(spec.getStrategy())) {
      errors.add(FieldError.forbidden("spec.preferredHolder", "may only be specified if `strategy` is defined"));
    }
    return errors;
  }

  @Override
  public List<FieldError> validateUpdate(Lease lease, Lease old) {
    List<FieldError> errors = new ArrayList<>(ObjectMetaValidation.validateUpdate(lease.getMetadata(), old.getMetadata()));
    errors.addAll(validate(lease));
    return errors;
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(Lease lease, Instant now) {
    String holder = lease.getSpec() == null ? "" : ObjectMetaValidation.nz(lease.getSpec().getHolderIdentity());
    return List.of(name(lease), holder, HumanDuration.since(lease.getMetadata() == null ? null : lease.getMetadata().getCreationTimestamp(), now));
  }

  @Override
  public Map<String, String> selectableFields(Lease lease) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("metadata.name", name(lease));
    fields.put("metadata.namespace", lease.getMetadata() == null ? "" : ObjectMetaValidation.nz(lease.getMetadata().getNamespace()));
    return fields;
  }

  private static String name(Lease lease) {
    return lease.getMetadata() == null ? "" : ObjectMetaValidation.nz(lease.getMetadata().getName());
  }
}
