package io.skiff.apiserver.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.skiff.apiserver.registry.ObjectMetaValidation.NameRule;
import io.skiff.apiserver.resource.Column;
import io.skiff.apiserver.resource.ResourceStrategy;
import io.skiff.common.FieldError;
import io.skiff.common.SkiffException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Secrets: {@code stringData} folded into base64 {@code data} (as Kubernetes' conversion does), type
 * {@code Opaque} by default and immutable afterwards, valid keys, a 1 MiB limit, the keys each well-known type
 * requires, and immutability once marked immutable. Values are never echoed in errors.
 */
public final class SecretStrategy implements ResourceStrategy<Secret> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  private static final List<Column> COLUMNS = List.of(Columns.NAME, Columns.text("Type", "The type of the secret, e.g. Opaque."),
      Columns.text("Data", "The number of keys in data."), Columns.AGE);

  @Override
  public void prepareForCreate(Secret secret) {
    normalize(secret);
  }

  @Override
  public void prepareForUpdate(Secret secret, Secret old) {
    normalize(secret);
  }

  /** Decode-time work: checks the base64 data, folds stringData into data, defaults the type. */
  private static void normalize(Secret secret) {
    Map<String, String> data = secret.getData() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(secret.getData());
    for (String value : data.values()) {
      int bad = firstBadBase64Byte(value);
      if (bad >= 0) {
        throw new SkiffException.BadRequest("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte " + bad);
      }
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) ->
          data.put(k, Base64.getEncoder().encodeToString(ObjectMetaValidation.nz(v).getBytes(StandardCharsets.UTF_8))));
      secret.setStringData(null);
    }
    secret.setData(data.isEmpty() && secret.getData() == null ? null : data);
    if (PodDefaults.empty(secret.getType())) {
      secret.setType("Opaque");
    }
  }

  @Override
  public List<FieldError> validate(Secret secret) {
    List<FieldError> errors = new ArrayList<>(ObjectMetaValidation.validate(secret.getMetadata(), true, NameRule.DNS_SUBDOMAIN));
    Map<String, String> data = secret.getData() == null ? Map.of() : new TreeMap<>(secret.getData());
    long size = 0;
    for (Map.Entry<String, String> e : data.entrySet()) {
      String key = e.getKey();
      NameRules.configMapKey(key).forEach(m -> errors.add(FieldError.invalid("data[" + key + "]", key, m)));
      size += decodedLength(e.getValue());
    }
    if (size > ConfigMapStrategy.MAX_DATA_SIZE) {
      errors.add(new FieldError(FieldError.Type.TOO_LONG, "data", null, "may not be more than " + ConfigMapStrategy.MAX_DATA_SIZE + " bytes"));
    }
    Map<String, String> annotations = secret.getMetadata() == null || secret.getMetadata().getAnnotations() == null
        ? Map.of() : secret.getMetadata().getAnnotations();
    switch (ObjectMetaValidation.nz(secret.getType())) {
      case "kubernetes.io/service-account-token" -> {
        if (PodDefaults.empty(annotations.get("kubernetes.io/service-account.name"))) {
          errors.add(FieldError.required("metadata.annotations[kubernetes.io/service-account.name]", ""));
        }
      }
      case "kubernetes.io/dockercfg" -> jsonKey(errors, data, ".dockercfg");
      case "kubernetes.io/dockerconfigjson" -> jsonKey(errors, data, ".dockerconfigjson");
      case "kubernetes.io/basic-auth" -> {
        if (!data.containsKey("username") && !data.containsKey("password")) {
          errors.add(FieldError.required("data[username]", ""));
          errors.add(FieldError.required("data[password]", ""));
        }
      }
      case "kubernetes.io/ssh-auth" -> {
        if (decodedLength(data.get("ssh-privatekey")) == 0) {
          errors.add(FieldError.required("data[ssh-privatekey]", ""));
        }
      }
      case "kubernetes.io/tls" -> {
        if (!data.containsKey("tls.crt")) {
          errors.add(FieldError.required("data[tls.crt]", ""));
        }
        if (!data.containsKey("tls.key")) {
          errors.add(FieldError.required("data[tls.key]", ""));
        }
      }
      default -> { }
    }
    return errors;
  }

  private static void jsonKey(List<FieldError> errors, Map<String, String> data, String key) {
    String value = data.get(key);
    if (value == null) {
      errors.add(FieldError.required("data[" + key + "]", ""));
      return;
    }
    try {
      JSON.readTree(Base64.getDecoder().decode(value));
    } catch (IOException | IllegalArgumentException e) {
      errors.add(FieldError.invalid("data[" + key + "]", "<secret contents redacted>", "invalid character in the JSON document"));
    }
  }

  @Override
  public List<FieldError> validateUpdate(Secret secret, Secret old) {
    List<FieldError> errors = new ArrayList<>(ObjectMetaValidation.validateUpdate(secret.getMetadata(), old.getMetadata()));
    String type = PodDefaults.empty(secret.getType()) ? ObjectMetaValidation.nz(old.getType()) : secret.getType();
    ObjectMetaValidation.immutable(errors, "type", type, ObjectMetaValidation.nz(old.getType()));
    if (Boolean.TRUE.equals(old.getImmutable())) {
      if (!Boolean.TRUE.equals(secret.getImmutable())) {
        errors.add(FieldError.forbidden("immutable", "field is immutable when `immutable` is set"));
      }
      if (!Objects.equals(ConfigMapStrategy.emptyToNull(secret.getData()), ConfigMapStrategy.emptyToNull(old.getData()))) {
        errors.add(FieldError.forbidden("data", "field is immutable when `immutable` is set"));
      }
    }
    errors.addAll(validate(secret));
    return errors;
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(Secret secret, Instant now) {
    long keys = secret.getData() == null ? 0 : secret.getData().size();
    return List.of(name(secret), ObjectMetaValidation.nz(secret.getType()), keys,
        HumanDuration.since(secret.getMetadata() == null ? null : secret.getMetadata().getCreationTimestamp(), now));
  }

  @Override
  public Map<String, String> selectableFields(Secret secret) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("metadata.name", name(secret));
    fields.put("metadata.namespace", secret.getMetadata() == null ? "" : ObjectMetaValidation.nz(secret.getMetadata().getNamespace()));
    fields.put("type", ObjectMetaValidation.nz(secret.getType()));
    return fields;
  }

  private static String name(Secret secret) {
    return secret.getMetadata() == null ? "" : ObjectMetaValidation.nz(secret.getMetadata().getName());
  }

  /** The number of bytes a base64 value stands for; 0 for null. */
  static long decodedLength(String base64) {
    if (base64 == null) {
      return 0;
    }
    try {
      return Base64.getDecoder().decode(base64).length;
    } catch (IllegalArgumentException e) {
      return base64.length();
    }
  }

  /** The index of the first byte Go's standard base64 decoder rejects, or -1 when the value decodes. */
  static int firstBadBase64Byte(String value) {
    if (value == null) {
      return -1;
    }
    try {
      Base64.getDecoder().decode(value);
      return -1;
    } catch (IllegalArgumentException e) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (BASE64_ALPHABET.indexOf(c) < 0 && c != '=') {
          return i;
        }
      }
      int padding = value.indexOf('=');
      return padding >= 0 ? padding : value.length() - value.length() % 4;
    }
  }
}
