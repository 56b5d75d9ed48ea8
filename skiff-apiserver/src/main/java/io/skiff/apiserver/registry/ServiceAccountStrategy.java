package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.skiff.apiserver.registry.ObjectMetaValidation.NameRule;
import io.skiff.apiserver.resource.Column;
import io.skiff.apiserver.resource.ResourceStrategy;
import io.skiff.common.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ServiceAccounts: DNS-subdomain names and the {@code kubectl get serviceaccounts} columns. */
public final class ServiceAccountStrategy implements ResourceStrategy<ServiceAccount> {

  private static final List<Column> COLUMNS =
      List.of(Columns.NAME, Columns.text("Secrets", "The number of secrets listed in the service account."), Columns.AGE);

  @Override
  public List<FieldError> validate(ServiceAccount sa) {
    return ObjectMetaValidation.validate(sa.getMetadata(), true, NameRule.DNS_SUBDOMAIN);
  }

  @Override
  public List<FieldError> validateUpdate(ServiceAccount sa, ServiceAccount old) {
    List<FieldError> errors = new ArrayList<>(ObjectMetaValidation.validateUpdate(sa.getMetadata(), old.getMetadata()));
    errors.addAll(validate(sa));
    return errors;
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(ServiceAccount sa, Instant now) {
    long secrets = sa.getSecrets() == null ? 0 : sa.getSecrets().size();
    return List.of(name(sa), secrets, HumanDuration.since(sa.getMetadata() == null ? null : sa.getMetadata().getCreationTimestamp(), now));
  }

  @Override
  public Map<String, String> selectableFields(ServiceAccount sa) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("metadata.name", name(sa));
    fields.put("metadata.namespace", sa.getMetadata() == null ? "" : ObjectMetaValidation.nz(sa.getMetadata().getNamespace()));
    return fields;
  }

  private static String name(ServiceAccount sa) {
    return sa.getMetadata() == null ? "" : ObjectMetaValidation.nz(sa.getMetadata().getName());
  }
}
