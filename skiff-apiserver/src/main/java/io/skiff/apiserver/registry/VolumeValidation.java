package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.skiff.common.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Pod volumes ({@code ValidateVolumes}): each has a unique DNS-label name and exactly one source, and the common
 * sources (hostPath, secret, configMap, persistentVolumeClaim, downwardAPI, projected, emptyDir) carry their
 * required fields. Volumes with an error are left out of the names container mounts may refer to, as in Kubernetes.
 */
final class VolumeValidation {

  /** The valid volume names, and every error found. */
  record Result(Set<String> names, List<FieldError> errors) {}

  private static final String FILE_MODE_ERROR = "must be a number between 0 and 0777 (octal), both inclusive";
  private static final List<String> HOST_PATH_TYPES =
      List.of("", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket");
  private static final List<String> VOLUME_FIELD_PATHS =
      List.of("metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid");

  private VolumeValidation() {}

  static Result validate(List<Volume> volumes, String path) {
    Set<String> names = new LinkedHashSet<>();
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < volumes.size(); i++) {
      Volume v = volumes.get(i);
      String idx = path + "[" + i + "]";
      String name = ObjectMetaValidation.nz(v.getName());
      List<FieldError> el = new ArrayList<>(source(v, idx));
      if (name.isEmpty()) {
        el.add(FieldError.required(idx + ".name", ""));
      } else {
        NameRules.dns1123Label(name).forEach(m -> el.add(FieldError.invalid(idx + ".name", name, m)));
      }
      if (names.contains(name)) {
        el.add(FieldError.duplicate(idx + ".name", name));
      }
      if (el.isEmpty()) {
        names.add(name);
      } else {
        errors.addAll(el);
      }
    }
    return new Result(names, errors);
  }

  private static List<FieldError> source(Volume v, String path) {
    List<FieldError> errors = new ArrayList<>();
    List<String> present = VolumeSources.present(v);
    if (present.isEmpty()) {
      errors.add(FieldError.required(path, "must specify a volume type"));
      return errors;
    }
    for (String extra : present.subList(1, present.size())) {
      errors.add(FieldError.forbidden(path + "." + extra, "may not specify more than 1 volume type"));
    }
    String p = path + "." + present.get(0);
    switch (present.get(0)) {
      case "emptyDir" -> {
        var limit = PodQos.amount(v.getEmptyDir().getSizeLimit());
        if (limit != null && limit.signum() < 0) {
          errors.add(FieldError.forbidden(p + ".sizeLimit", "SizeLimit field must be a valid resource quantity"));
        }
      }
      case "hostPath" -> {
        String hostPath = ObjectMetaValidation.nz(v.getHostPath().getPath());
        if (hostPath.isEmpty()) {
          errors.add(FieldError.required(p + ".path", ""));
        } else {
          noBacksteps(errors, hostPath, p + ".path");
        }
        String type = v.getHostPath().getType();
        if (type != null && !HOST_PATH_TYPES.contains(type)) {
          errors.add(FieldError.notSupported(p + ".type", type, HOST_PATH_TYPES));
        }
      }
      case "secret" -> {
        if (PodDefaults.empty(v.getSecret().getSecretName())) {
          errors.add(FieldError.required(p + ".secretName", ""));
        }
        mode(errors, v.getSecret().getDefaultMode(), p + ".defaultMode");
        items(errors, v.getSecret().getItems(), p + ".items");
      }
      case "configMap" -> {
        if (PodDefaults.empty(v.getConfigMap().getName())) {
          errors.add(FieldError.required(p + ".name", ""));
        }
        mode(errors, v.getConfigMap().getDefaultMode(), p + ".defaultMode");
        items(errors, v.getConfigMap().getItems(), p + ".items");
      }
      case "persistentVolumeClaim" -> {
        if (PodDefaults.empty(v.getPersistentVolumeClaim().getClaimName())) {
          errors.add(FieldError.required(p + ".claimName", ""));
        }
      }
      case "downwardAPI" -> {
        mode(errors, v.getDownwardAPI().getDefaultMode(), p + ".defaultMode");
        downwardFiles(errors, v.getDownwardAPI().getItems(), p + ".items");
      }
      case "projected" -> projected(errors, v, p);
      default -> { }
    }
    return errors;
  }

  private static void projected(List<FieldError> errors, Volume v, String p) {
    mode(errors, v.getProjected().getDefaultMode(), p + ".defaultMode");
    List<VolumeProjection> sources = PodDefaults.nonNull(v.getProjected().getSources());
    for (int i = 0; i < sources.size(); i++) {
      VolumeProjection s = sources.get(i);
      String sp = p + ".sources[" + i + "]";
      int count = 0;
      if (s.getSecret() != null) {
        count++;
        if (PodDefaults.empty(s.getSecret().getName())) {
          errors.add(FieldError.required(sp + ".secret.name", ""));
        }
        items(errors, s.getSecret().getItems(), sp + ".secret.items");
      }
      if (s.getConfigMap() != null) {
        if (count++ > 0) {
          errors.add(FieldError.forbidden(sp, "may not specify more than 1 volume type per source"));
        }
        if (PodDefaults.empty(s.getConfigMap().getName())) {
          errors.add(FieldError.required(sp + ".configMap.name", ""));
        }
        items(errors, s.getConfigMap().getItems(), sp + ".configMap.items");
      }
      if (s.getDownwardAPI() != null) {
        if (count++ > 0) {
          errors.add(FieldError.forbidden(sp, "may not specify more than 1 volume type per source"));
        }
        downwardFiles(errors, s.getDownwardAPI().getItems(), sp + ".downwardAPI.items");
      }
      if (s.getServiceAccountToken() != null) {
        if (count > 0) {
          errors.add(FieldError.forbidden(sp, "may not specify more than 1 volume type per source"));
        }
        var token = s.getServiceAccountToken();
        if (token.getExpirationSeconds() != null && token.getExpirationSeconds() < 600) {
          errors.add(FieldError.invalid(sp + ".serviceAccountToken.expirationSeconds", token.getExpirationSeconds(),
              "may not specify a duration less than 10 minutes"));
        } else if (token.getExpirationSeconds() != null && token.getExpirationSeconds() > 4294967296L) {
          errors.add(FieldError.invalid(sp + ".serviceAccountToken.expirationSeconds", token.getExpirationSeconds(),
              "may not specify a duration larger than 2^32 seconds"));
        }
        if (PodDefaults.empty(token.getPath())) {
          errors.add(FieldError.required(sp + ".serviceAccountToken.path", ""));
        }
      }
    }
  }

  private static void items(List<FieldError> errors, List<KeyToPath> items, String path) {
    List<KeyToPath> list = PodDefaults.nonNull(items);
    for (int i = 0; i < list.size(); i++) {
      KeyToPath kp = list.get(i);
      String ip = path + "[" + i + "]";
      if (PodDefaults.empty(kp.getKey())) {
        errors.add(FieldError.required(ip + ".key", ""));
      }
      String target = ObjectMetaValidation.nz(kp.getPath());
      if (target.isEmpty()) {
        errors.add(FieldError.required(ip + ".path", ""));
      }
      localNonReservedPath(errors, target, ip + ".path");
      mode(errors, kp.getMode(), ip + ".mode");
    }
  }

  private static void downwardFiles(List<FieldError> errors, List<DownwardAPIVolumeFile> files, String path) {
    List<DownwardAPIVolumeFile> list = PodDefaults.nonNull(files);
    for (int i = 0; i < list.size(); i++) {
      DownwardAPIVolumeFile f = list.get(i);
      String fp = path + "[" + i + "]";
      String target = ObjectMetaValidation.nz(f.getPath());
      if (target.isEmpty()) {
        errors.add(FieldError.required(fp + ".path", ""));
      }
      localNonReservedPath(errors, target, fp + ".path");
      if (f.getFieldRef() != null) {
        String fieldPath = ObjectMetaValidation.nz(f.getFieldRef().getFieldPath());
        boolean subscripted = fieldPath.startsWith("metadata.labels[") || fieldPath.startsWith("metadata.annotations[");
        if (PodDefaults.empty(f.getFieldRef().getApiVersion())) {
          errors.add(FieldError.required(fp + ".fieldRef.apiVersion", ""));
        } else if (fieldPath.isEmpty()) {
          errors.add(FieldError.required(fp + ".fieldRef.fieldPath", ""));
        } else if (!subscripted && !VOLUME_FIELD_PATHS.contains(fieldPath)) {
          errors.add(FieldError.notSupported(fp + ".fieldRef.fieldPath", fieldPath, VOLUME_FIELD_PATHS));
        }
        if (f.getResourceFieldRef() != null) {
          errors.add(FieldError.invalid(fp, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"));
        }
      } else if (f.getResourceFieldRef() != null) {
        if (PodDefaults.empty(f.getResourceFieldRef().getContainerName())) {
          errors.add(FieldError.required(fp + ".resourceFieldRef.containerName", ""));
        }
        if (PodDefaults.empty(f.getResourceFieldRef().getResource())) {
          errors.add(FieldError.required(fp + ".resourceFieldRef.resource", ""));
        }
      } else {
        errors.add(FieldError.required(fp, "one of fieldRef and resourceFieldRef is required"));
      }
      mode(errors, f.getMode(), fp + ".mode");
    }
  }

  private static void localNonReservedPath(List<FieldError> errors, String target, String path) {
    errors.addAll(ContainerValidation.localDescendingPath(target, path));
    if (target.startsWith("..") && !target.startsWith("../")) {
      errors.add(FieldError.invalid(path, target, "must not start with '..'"));
    }
  }

  private static void noBacksteps(List<FieldError> errors, String target, String path) {
    for (String part : target.split("/", -1)) {
      if (part.equals("..")) {
        errors.add(FieldError.invalid(path, target, "must not contain '..'"));
        return;
      }
    }
  }

  private static void mode(List<FieldError> errors, Integer mode, String path) {
    if (mode != null && (mode > 0777 || mode < 0)) {
      errors.add(FieldError.invalid(path, mode, FILE_MODE_ERROR));
    }
  }
}
