package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.skiff.apiserver.registry.ObjectMetaValidation.NameRule;
import io.skiff.apiserver.resource.Column;
import io.skiff.apiserver.resource.ResourceStrategy;
import io.skiff.common.FieldError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** ConfigMaps: valid keys in {@code data} and {@code binaryData}, a 1 MiB limit, and immutability once marked immutable. */
public final class ConfigMapStrategy implements ResourceStrategy<ConfigMap> {

  /** The largest total size of a ConfigMap's or Secret's data. */
  public static final int MAX_DATA_SIZE = 1024 * 1024;

  private static final List<Column> COLUMNS =
      List.of(Columns.NAME, Columns.text("Data", "The number of keys in data and binaryData."), Columns.AGE);

  @Override
  public List<FieldError> validate(ConfigMap cm) {
    List<FieldError> errors = new ArrayList<>(ObjectMetaValidation.validate(cm.getMetadata(), true, NameRule.DNS_SUBDOMAIN));
    Map<String, String> data = cm.getData() == null ? Map.of() : new TreeMap<>(cm.getData());
    Map<String, String> binary = cm.getBinaryData() == null ? Map.of() : new TreeMap<>(cm.getBinaryData());
    long size = 0;
    for (Map.Entry<String, String> e : data.entrySet()) {
      String key = e.getKey();
      NameRules.configMapKey(key).forEach(m -> errors.add(FieldError.invalid("data[" + key + "]", key, m)));
      if (binary.containsKey(key)) {
        errors.add(FieldError.invalid("data[" + key + "]", key, "duplicate of key present in binaryData"));
      }
      size += ObjectMetaValidation.nz(e.getValue()).getBytes(StandardCharsets.UTF_8).length;
    }
    for (Map.Entry<String, String> e : binary.entrySet()) {
      String key = e.getKey();
      NameRules.configMapKey(key).forEach(m -> errors.add(FieldError.invalid("binaryData[" + key + "]", key, m)));
      size += SecretStrategy.decodedLength(e.getValue());
    }
    if (size > MAX_DATA_SIZE) {
      // Kubernetes reports the whole object, at the empty field path that prints as "[]"
      errors.add(new FieldError(FieldError.Type.TOO_LONG, "[]", null, "may not be more than " + MAX_DATA_SIZE + " bytes"));
    }
    return errors;
  }

  @Override
  public List<FieldError> validateUpdate(ConfigMap cm, ConfigMap old) {
    List<FieldError> errors = new ArrayList<>(ObjectMetaValidation.validateUpdate(cm.getMetadata(), old.getMetadata()));
    if (Boolean.TRUE.equals(old.getImmutable())) {
      if (!Boolean.TRUE.equals(cm.getImmutable())) {
        errors.add(FieldError.forbidden("immutable", "field is immutable when `immutable` is set"));
      }
      if (!Objects.equals(emptyToNull(cm.getData()), emptyToNull(old.getData()))) {
        errors.add(FieldError.forbidden("data", "field is immutable when `immutable` is set"));
      }
      if (!Objects.equals(emptyToNull(cm.getBinaryData()), emptyToNull(old.getBinaryData()))) {
        errors.add(FieldError.forbidden("binaryData", "field is immutable when `immutable` is set"));
      }
    }
    errors.addAll(validate(cm));
    return errors;
  }

  static Map<String, String> emptyToNull(Map<String, String> m) {
    return m == null || m.isEmpty() ? null : m;
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(ConfigMap cm, Instant now) {
    long keys = (cm.getData() == null ? 0 : cm.getData().size()) + (cm.getBinaryData() == null ? 0 : cm.getBinaryData().size());
    return List.of(name(cm), keys, HumanDuration.since(cm.getMetadata() == null ? null : cm.getMetadata().getCreationTimestamp(), now));
  }

  @Override
  public Map<String, String> selectableFields(ConfigMap cm) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("metadata.name", name(cm));
    fields.put("metadata.namespace", cm.getMetadata() == null ? "" : ObjectMetaValidation.nz(cm.getMetadata().getNamespace()));
    return fields;
  }

  private static String name(ConfigMap cm) {
    return cm.getMetadata() == null ? "" : ObjectMetaValidation.nz(cm.getMetadata().getName());
  }
}
