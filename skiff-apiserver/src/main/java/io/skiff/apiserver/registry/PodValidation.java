package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.skiff.apiserver.registry.ObjectMetaValidation.NameRule;
import io.skiff.common.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validation of a Pod as Kubernetes 1.33 does it on create ({@code ValidatePodCreate}): metadata, then the spec in
 * Kubernetes' order (grace period, volumes, containers, init containers, restart and DNS policy, ...), then the
 * create-only rules. Errors come back in that order, worded as {@code field.Error}.
 */
final class PodValidation {

  static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
  static final List<String> DNS_POLICIES = List.of("ClusterFirst", "ClusterFirstWithHostNet", "Default", "None");
  private static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");
  private static final long MAX_INT32 = Integer.MAX_VALUE;

  private PodValidation() {}

  static List<FieldError> validateCreate(Pod pod) {
    List<FieldError> errors = metadataAndSpec(pod);
    PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
    if (!PodDefaults.nonNull(spec.getEphemeralContainers()).isEmpty()) {
      errors.add(FieldError.forbidden("spec.ephemeralContainers", "cannot be set on create"));
    }
    if (!PodDefaults.empty(spec.getNodeName()) && !PodDefaults.nonNull(spec.getSchedulingGates()).isEmpty()) {
      errors.add(FieldError.forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared"));
    }
    errors.addAll(imageWhitespace(spec.getContainers(), "spec.containers"));
    errors.addAll(imageWhitespace(spec.getInitContainers(), "spec.initContainers"));
    return errors;
  }

  /** Metadata and spec: the part create and update share. */
  static List<FieldError> metadataAndSpec(Pod pod) {
    List<FieldError> errors = new ArrayList<>(ObjectMetaValidation.validate(pod.getMetadata(), true, NameRule.DNS_SUBDOMAIN));
    errors.addAll(spec(pod.getSpec() == null ? new PodSpec() : pod.getSpec()));
    return errors;
  }

  static List<FieldError> spec(PodSpec spec) {
    List<FieldError> errors = new ArrayList<>();
    if (spec.getTerminationGracePeriodSeconds() == null) {
      errors.add(FieldError.required("spec.terminationGracePeriodSeconds", ""));
    }
    VolumeValidation.Result volumes = VolumeValidation.validate(PodDefaults.nonNull(spec.getVolumes()), "spec.volumes");
    errors.addAll(volumes.errors());
    Long grace = spec.getTerminationGracePeriodSeconds();
    errors.addAll(containers(PodDefaults.nonNull(spec.getContainers()), volumes.names(), grace));
    errors.addAll(initContainers(PodDefaults.nonNull(spec.getInitContainers()), PodDefaults.nonNull(spec.getContainers()), volumes.names(), grace));
    errors.addAll(hostNetworkPorts(spec));
    errors.addAll(restartPolicy(spec.getRestartPolicy()));
    errors.addAll(dnsPolicy(spec));
    errors.addAll(ObjectMetaValidation.labels(spec.getNodeSelector(), "spec.nodeSelector"));
    errors.addAll(readinessGates(PodDefaults.nonNull(spec.getReadinessGates())));
    errors.addAll(schedulingGates(PodDefaults.nonNull(spec.getSchedulingGates())));
    subdomain(errors, spec.getServiceAccountName(), "spec.serviceAccountName");
    subdomain(errors, spec.getNodeName(), "spec.nodeName");
    if (spec.getActiveDeadlineSeconds() != null) {
      long value = spec.getActiveDeadlineSeconds();
      if (value < 1 || value > MAX_INT32) {
        errors.add(FieldError.invalid("spec.activeDeadlineSeconds", value, NameRules.inclusiveRange(1, MAX_INT32)));
      }
    }
    label(errors, spec.getHostname(), "spec.hostname");
    label(errors, spec.getSubdomain(), "spec.subdomain");
    errors.addAll(tolerations(PodDefaults.nonNull(spec.getTolerations()), "spec.tolerations"));
    subdomain(errors, spec.getPriorityClassName(), "spec.priorityClassName");
    if (!PodDefaults.empty(spec.getPreemptionPolicy())
        && !List.of("Never", "PreemptLowerPriority").contains(spec.getPreemptionPolicy())) {
      errors.add(FieldError.notSupported("spec.preemptionPolicy", spec.getPreemptionPolicy(), List.of("Never", "PreemptLowerPriority")));
    }
    return errors;
  }

  private static List<FieldError> containers(List<Container> containers, Set<String> volumes, Long grace) {
    List<FieldError> errors = new ArrayList<>();
    if (containers.isEmpty()) {
      errors.add(FieldError.required("spec.containers", ""));
      return errors;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      String path = "spec.containers[" + i + "]";
      errors.addAll(ContainerValidation.common(c, path, volumes));
      String name = ObjectMetaValidation.nz(c.getName());
      if (!names.add(name)) {
        errors.add(FieldError.duplicate(path + ".name", name));
      }
      errors.addAll(ContainerValidation.lifecycle(c.getLifecycle(), grace, path + ".lifecycle"));
      errors.addAll(ContainerValidation.probe(c.getLivenessProbe(), path + ".livenessProbe", true));
      errors.addAll(ContainerValidation.probe(c.getReadinessProbe(), path + ".readinessProbe", false));
      errors.addAll(ContainerValidation.probe(c.getStartupProbe(), path + ".startupProbe", true));
      if (c.getRestartPolicy() != null) {
        errors.add(FieldError.forbidden(path + ".restartPolicy", "may not be set for non-init containers"));
      }
    }
    errors.addAll(uniqueHostPorts(containers, "spec.containers"));
    return errors;
  }

  private static List<FieldError> initContainers(List<Container> inits, List<Container> apps, Set<String> volumes, Long grace) {
    List<FieldError> errors = new ArrayList<>();
    Set<String> names = new HashSet<>();
    apps.forEach(c -> names.add(ObjectMetaValidation.nz(c.getName())));
    for (int i = 0; i < inits.size(); i++) {
      Container c = inits.get(i);
      String path = "spec.initContainers[" + i + "]";
      errors.addAll(ContainerValidation.common(c, path, volumes));
      boolean restartAlways = false;
      if (c.getRestartPolicy() != null) {
        if (!c.getRestartPolicy().equals("Always")) {
          errors.add(FieldError.notSupported(path + ".restartPolicy", c.getRestartPolicy(), List.of("Always")));
        }
        restartAlways = c.getRestartPolicy().equals("Always");
      }
      String name = ObjectMetaValidation.nz(c.getName());
      if (names.contains(name)) {
        errors.add(FieldError.duplicate(path + ".name", name));
      } else if (!name.isEmpty()) {
        names.add(name);
      }
      // init containers run one at a time, so each is checked alone (and, as in Kubernetes, reported at index 0)
      errors.addAll(uniqueHostPorts(List.of(c), "spec.initContainers"));
      if (restartAlways) {
        errors.addAll(ContainerValidation.lifecycle(c.getLifecycle(), grace, path + ".lifecycle"));
        errors.addAll(ContainerValidation.probe(c.getLivenessProbe(), path + ".livenessProbe", true));
        errors.addAll(ContainerValidation.probe(c.getReadinessProbe(), path + ".readinessProbe", false));
        errors.addAll(ContainerValidation.probe(c.getStartupProbe(), path + ".startupProbe", true));
      } else {
        String notForInit = "may not be set for init containers without restartPolicy=Always";
        if (c.getLifecycle() != null) {
          errors.add(FieldError.forbidden(path + ".lifecycle", notForInit));
        }
        if (c.getLivenessProbe() != null) {
          errors.add(FieldError.forbidden(path + ".livenessProbe", notForInit));
        }
        if (c.getReadinessProbe() != null) {
          errors.add(FieldError.forbidden(path + ".readinessProbe", notForInit));
        }
        if (c.getStartupProbe() != null) {
          errors.add(FieldError.forbidden(path + ".startupProbe", notForInit));
        }
      }
      if (!PodDefaults.nonNull(c.getResizePolicy()).isEmpty()) {
        String policies = c.getResizePolicy().stream()
            .map(r -> "core.ContainerResizePolicy{ResourceName:" + GoValue.quote(ObjectMetaValidation.nz(r.getResourceName()))
                + ", RestartPolicy:" + GoValue.quote(ObjectMetaValidation.nz(r.getRestartPolicy())) + "}")
            .collect(java.util.stream.Collectors.joining(", ", "[]core.ContainerResizePolicy{", "}"));
        errors.add(FieldError.invalid(path + ".resizePolicy", new GoValue(policies), "must not be set for init containers"));
      }
    }
    return errors;
  }

  /** Host ports must be unique per protocol and host IP among containers that run together. */
  private static List<FieldError> uniqueHostPorts(List<Container> containers, String path) {
    List<FieldError> errors = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int ci = 0; ci < containers.size(); ci++) {
      List<ContainerPort> ports = PodDefaults.nonNull(containers.get(ci).getPorts());
      for (int pi = 0; pi < ports.size(); pi++) {
        ContainerPort p = ports.get(pi);
        int hostPort = p.getHostPort() == null ? 0 : p.getHostPort();
        if (hostPort == 0) {
          continue;
        }
        String key = ObjectMetaValidation.nz(p.getProtocol()) + "/" + ObjectMetaValidation.nz(p.getHostIP()) + "/" + hostPort;
        if (!seen.add(key)) {
          errors.add(FieldError.duplicate(path + "[" + ci + "].ports[" + pi + "].hostPort", key));
        }
      }
    }
    return errors;
  }

  private static List<FieldError> hostNetworkPorts(PodSpec spec) {
    List<FieldError> errors = new ArrayList<>();
    if (!Boolean.TRUE.equals(spec.getHostNetwork())) {
      return errors;
    }
    for (String kind : List.of("containers", "initContainers")) {
      List<Container> list = PodDefaults.nonNull(kind.equals("containers") ? spec.getContainers() : spec.getInitContainers());
      for (int ci = 0; ci < list.size(); ci++) {
        List<ContainerPort> ports = PodDefaults.nonNull(list.get(ci).getPorts());
        for (int pi = 0; pi < ports.size(); pi++) {
          ContainerPort p = ports.get(pi);
          int host = p.getHostPort() == null ? 0 : p.getHostPort();
          int container = p.getContainerPort() == null ? 0 : p.getContainerPort();
          if (host != container) {
            errors.add(FieldError.invalid("spec." + kind + "[" + ci + "].ports[" + pi + "].containerPort", container,
                "must match `hostPort` when `hostNetwork` is true"));
          }
        }
      }
    }
    return errors;
  }

  static List<FieldError> restartPolicy(String policy) {
    String p = ObjectMetaValidation.nz(policy);
    if (p.isEmpty()) {
      return List.of(FieldError.required("spec.restartPolicy", ""));
    }
    return RESTART_POLICIES.contains(p) ? List.of() : List.of(FieldError.notSupported("spec.restartPolicy", p, RESTART_POLICIES));
  }

  private static List<FieldError> dnsPolicy(PodSpec spec) {
    String p = ObjectMetaValidation.nz(spec.getDnsPolicy());
    if (p.isEmpty()) {
      return List.of(FieldError.required("spec.dnsPolicy", ""));
    }
    if (!DNS_POLICIES.contains(p)) {
      return List.of(FieldError.notSupported("spec.dnsPolicy", p, DNS_POLICIES));
    }
    if (p.equals("None") && spec.getDnsConfig() == null) {
      return List.of(FieldError.required("spec.dnsConfig", "must provide `dnsConfig` when `dnsPolicy` is None"));
    }
    return List.of();
  }

  private static List<FieldError> readinessGates(List<PodReadinessGate> gates) {
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < gates.size(); i++) {
      String type = ObjectMetaValidation.nz(gates.get(i).getConditionType());
      String path = "spec.readinessGates[" + i + "].conditionType";
      NameRules.qualifiedName(type).forEach(m -> errors.add(FieldError.invalid(path, type, m)));
    }
    return errors;
  }

  private static List<FieldError> schedulingGates(List<PodSchedulingGate> gates) {
    List<FieldError> errors = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < gates.size(); i++) {
      String name = ObjectMetaValidation.nz(gates.get(i).getName());
      String path = "spec.schedulingGates[" + i + "].name";
      NameRules.qualifiedName(name).forEach(m -> errors.add(FieldError.invalid(path, name, m)));
      if (!seen.add(name)) {
        errors.add(FieldError.duplicate("spec.schedulingGates[" + i + "]", name));
      }
    }
    return errors;
  }

  /** Tolerations ({@code ValidateTolerations}). */
  static List<FieldError> tolerations(List<Toleration> tolerations, String path) {
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < tolerations.size(); i++) {
      Toleration t = tolerations.get(i);
      String idx = path + "[" + i + "]";
      String key = ObjectMetaValidation.nz(t.getKey());
      String operator = ObjectMetaValidation.nz(t.getOperator());
      String effect = ObjectMetaValidation.nz(t.getEffect());
      String value = ObjectMetaValidation.nz(t.getValue());
      if (!key.isEmpty()) {
        NameRules.qualifiedName(key).forEach(m -> errors.add(FieldError.invalid(idx + ".key", key, m)));
      }
      if (key.isEmpty() && !operator.equals("Exists")) {
        errors.add(FieldError.invalid(idx + ".operator", operator,
            "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
      }
      if (t.getTolerationSeconds() != null && !effect.equals("NoExecute")) {
        errors.add(FieldError.invalid(idx + ".effect", effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
      }
      switch (operator) {
        case "Equal", "" -> {
          List<String> msgs = NameRules.labelValue(value);
          if (!msgs.isEmpty()) {
            errors.add(FieldError.invalid(idx + ".operator", value, String.join(";", msgs)));
          }
        }
        case "Exists" -> {
          if (!value.isEmpty()) {
            errors.add(FieldError.invalid(idx + ".operator", new GoValue(goToleration(t)), "value must be empty when `operator` is 'Exists'"));
          }
        }
        default -> errors.add(FieldError.notSupported(idx + ".operator", operator, List.of("Equal", "Exists")));
      }
      if (!effect.isEmpty() && !TAINT_EFFECTS.contains(effect)) {
        errors.add(FieldError.notSupported(idx + ".effect", effect, TAINT_EFFECTS));
      }
    }
    return errors;
  }

  static String goToleration(Toleration t) {
    return "core.Toleration{Key:" + GoValue.quote(ObjectMetaValidation.nz(t.getKey())) + ", Operator:" + GoValue.quote(ObjectMetaValidation.nz(t.getOperator()))
        + ", Value:" + GoValue.quote(ObjectMetaValidation.nz(t.getValue())) + ", Effect:" + GoValue.quote(ObjectMetaValidation.nz(t.getEffect()))
        + ", TolerationSeconds:" + (t.getTolerationSeconds() == null ? "(*int64)(nil)" : "&" + t.getTolerationSeconds()) + "}";
  }

  private static List<FieldError> imageWhitespace(List<Container> containers, String path) {
    List<FieldError> errors = new ArrayList<>();
    List<Container> list = PodDefaults.nonNull(containers);
    for (int i = 0; i < list.size(); i++) {
      String image = ObjectMetaValidation.nz(list.get(i).getImage());
      if (!image.equals(image.strip())) {
        errors.add(FieldError.invalid(path + "[" + i + "].image", image, "must not have leading or trailing whitespace"));
      }
    }
    return errors;
  }

  private static void subdomain(List<FieldError> errors, String value, String path) {
    if (!PodDefaults.empty(value)) {
      NameRules.dns1123Subdomain(value).forEach(m -> errors.add(FieldError.invalid(path, value, m)));
    }
  }

  private static void label(List<FieldError> errors, String value, String path) {
    if (!PodDefaults.empty(value)) {
      NameRules.dns1123Label(value).forEach(m -> errors.add(FieldError.invalid(path, value, m)));
    }
  }
}
