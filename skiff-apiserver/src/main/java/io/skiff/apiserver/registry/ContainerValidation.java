package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.GRPCAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.skiff.common.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks every container shares, init or app ({@code validateContainerCommon}) plus its probes and lifecycle
 * hooks, in Kubernetes' order and wording. Field paths are built from the container's own path, e.g.
 * {@code spec.initContainers[1]}.
 */
final class ContainerValidation {

  static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
  private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
  private static final List<String> ENV_FIELD_PATHS = List.of("metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
      "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs");
  private static final Set<String> DOWNWARD_API_LABELS = Set.of("metadata.annotations", "metadata.labels", "metadata.name",
      "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.restartPolicy", "spec.serviceAccountName", "spec.schedulerName",
      "status.phase", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs");
  private static final List<String> RESOURCE_FIELD_PATHS = List.of("limits.cpu", "limits.ephemeral-storage", "limits.memory",
      "requests.cpu", "requests.ephemeral-storage", "requests.memory");
  private static final Pattern SUBSCRIPTED = Pattern.compile("(.*)\\['(.*)'\\]");
  private static final Pattern HTTP_HEADER_NAME = Pattern.compile("[-A-Za-z0-9]+");

  private ContainerValidation() {}

  /** The common checks; {@code volumes} are the names of the pod's valid volumes. */
  static List<FieldError> common(Container c, String path, Set<String> volumes) {
    List<FieldError> errors = new ArrayList<>();
    String name = ObjectMetaValidation.nz(c.getName());
    if (name.isEmpty()) {
      errors.add(FieldError.required(path + ".name", ""));
    } else {
      for (String msg : NameRules.dns1123Label(name)) {
        errors.add(FieldError.invalid(path + ".name", name, msg));
      }
    }
    if (PodDefaults.empty(c.getImage())) {
      errors.add(FieldError.required(path + ".image", ""));
    }
    String tmp = ObjectMetaValidation.nz(c.getTerminationMessagePolicy());
    switch (tmp) {
      case "File", "FallbackToLogsOnError" -> { }
      case "" -> errors.add(FieldError.required(path + ".terminationMessagePolicy", ""));
      default -> errors.add(FieldError.notSupported(path + ".terminationMessagePolicy", tmp, List.of("File", "FallbackToLogsOnError")));
    }
    errors.addAll(ports(PodDefaults.nonNull(c.getPorts()), path + ".ports"));
    errors.addAll(env(PodDefaults.nonNull(c.getEnv()), path + ".env"));
    errors.addAll(envFrom(PodDefaults.nonNull(c.getEnvFrom()), path + ".envFrom"));
    errors.addAll(volumeMounts(PodDefaults.nonNull(c.getVolumeMounts()), volumes, path + ".volumeMounts"));
    errors.addAll(pullPolicy(c.getImagePullPolicy(), path + ".imagePullPolicy"));
    errors.addAll(ResourceValidation.container(c.getResources(), path + ".resources"));
    return errors;
  }

  static List<FieldError> pullPolicy(String policy, String path) {
    String p = ObjectMetaValidation.nz(policy);
    if (p.isEmpty()) {
      return List.of(FieldError.required(path, ""));
    }
    return PULL_POLICIES.contains(p) ? List.of() : List.of(FieldError.notSupported(path, p, PULL_POLICIES));
  }

  private static List<FieldError> ports(List<ContainerPort> ports, String path) {
    List<FieldError> errors = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      ContainerPort port = ports.get(i);
      String idx = path + "[" + i + "]";
      String name = ObjectMetaValidation.nz(port.getName());
      if (!name.isEmpty()) {
        List<String> msgs = NameRules.portName(name);
        if (!msgs.isEmpty()) {
          msgs.forEach(m -> errors.add(FieldError.invalid(idx + ".name", name, m)));
        } else if (!names.add(name)) {
          errors.add(FieldError.duplicate(idx + ".name", name));
        }
      }
      int containerPort = port.getContainerPort() == null ? 0 : port.getContainerPort();
      if (containerPort == 0) {
        errors.add(FieldError.required(idx + ".containerPort", ""));
      } else {
        NameRules.portNumber(containerPort).forEach(m -> errors.add(FieldError.invalid(idx + ".containerPort", containerPort, m)));
      }
      int hostPort = port.getHostPort() == null ? 0 : port.getHostPort();
      if (hostPort != 0) {
        NameRules.portNumber(hostPort).forEach(m -> errors.add(FieldError.invalid(idx + ".hostPort", hostPort, m)));
      }
      String protocol = ObjectMetaValidation.nz(port.getProtocol());
      if (protocol.isEmpty()) {
        errors.add(FieldError.required(idx + ".protocol", ""));
      } else if (!PROTOCOLS.contains(protocol)) {
        errors.add(FieldError.notSupported(idx + ".protocol", protocol, PROTOCOLS));
      }
    }
    return errors;
  }

  private static List<FieldError> env(List<EnvVar> vars, String path) {
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      EnvVar ev = vars.get(i);
      String idx = path + "[" + i + "]";
      String name = ObjectMetaValidation.nz(ev.getName());
      if (name.isEmpty()) {
        errors.add(FieldError.required(idx + ".name", ""));
      }
      NameRules.environmentVariableName(name).forEach(m -> errors.add(FieldError.invalid(idx + ".name", name, m)));
      errors.addAll(valueFrom(ev, idx + ".valueFrom"));
    }
    return errors;
  }

  private static List<FieldError> valueFrom(EnvVar ev, String path) {
    List<FieldError> errors = new ArrayList<>();
    EnvVarSource from = ev.getValueFrom();
    if (from == null) {
      return errors;
    }
    int sources = 0;
    if (from.getFieldRef() != null) {
      sources++;
      errors.addAll(fieldRef(from.getFieldRef().getApiVersion(), from.getFieldRef().getFieldPath(), path + ".fieldRef"));
    }
    if (from.getResourceFieldRef() != null) {
      sources++;
      String resource = ObjectMetaValidation.nz(from.getResourceFieldRef().getResource());
      if (resource.isEmpty()) {
        errors.add(FieldError.required(path + ".resourceFieldRef.resource", ""));
      } else if (!RESOURCE_FIELD_PATHS.contains(resource) && !resource.startsWith("limits.hugepages-")
          && !resource.startsWith("requests.hugepages-")) {
        errors.add(FieldError.notSupported(path + ".resourceFieldRef.resource", resource, RESOURCE_FIELD_PATHS));
      }
    }
    if (from.getConfigMapKeyRef() != null) {
      sources++;
      ConfigMapKeySelector s = from.getConfigMapKeyRef();
      errors.addAll(keySelector(s.getName(), s.getKey(), path + ".configMapKeyRef"));
    }
    if (from.getSecretKeyRef() != null) {
      sources++;
      SecretKeySelector s = from.getSecretKeyRef();
      errors.addAll(keySelector(s.getName(), s.getKey(), path + ".secretKeyRef"));
    }
    if (sources == 0) {
      errors.add(FieldError.invalid(path, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
    } else if (!PodDefaults.empty(ev.getValue())) {
      errors.add(FieldError.invalid(path, "", "may not be specified when `value` is not empty"));
    } else if (sources > 1) {
      errors.add(FieldError.invalid(path, "", "may not have more than one field specified at a time"));
    }
    return errors;
  }

  /** A downward API field reference, as env vars allow them. */
  static List<FieldError> fieldRef(String apiVersion, String fieldPath, String path) {
    if (PodDefaults.empty(apiVersion)) {
      return List.of(FieldError.required(path + ".apiVersion", ""));
    }
    if (PodDefaults.empty(fieldPath)) {
      return List.of(FieldError.required(path + ".fieldPath", ""));
    }
    if (!apiVersion.equals("v1")) {
      return List.of(FieldError.invalid(path + ".fieldPath", fieldPath, "error converting fieldPath: unsupported pod version: " + apiVersion));
    }
    Matcher m = SUBSCRIPTED.matcher(fieldPath);
    if (m.matches()) {
      String base = m.group(1);
      String subscript = m.group(2);
      if (!base.equals("metadata.annotations") && !base.equals("metadata.labels")) {
        return List.of(FieldError.invalid(path + ".fieldPath", fieldPath, "error converting fieldPath: field label does not support subscript: " + fieldPath));
      }
      String key = base.equals("metadata.annotations") ? subscript.toLowerCase(Locale.ROOT) : subscript;
      List<FieldError> errors = new ArrayList<>();
      NameRules.qualifiedName(key).forEach(msg -> errors.add(FieldError.invalid(path, key, msg)));
      return errors;
    }
    String internal = fieldPath.equals("spec.host") ? "spec.nodeName" : fieldPath;
    if (!DOWNWARD_API_LABELS.contains(internal)) {
      return List.of(FieldError.invalid(path + ".fieldPath", fieldPath, "error converting fieldPath: field label not supported: " + fieldPath));
    }
    if (!ENV_FIELD_PATHS.contains(internal)) {
      return List.of(FieldError.notSupported(path + ".fieldPath", internal, ENV_FIELD_PATHS));
    }
    return List.of();
  }

  private static List<FieldError> keySelector(String name, String key, String path) {
    List<FieldError> errors = new ArrayList<>();
    String n = ObjectMetaValidation.nz(name);
    NameRules.dns1123Subdomain(n).forEach(msg -> errors.add(FieldError.invalid(path + ".name", n, msg)));
    String k = ObjectMetaValidation.nz(key);
    if (k.isEmpty()) {
      errors.add(FieldError.required(path + ".key", ""));
    } else {
      NameRules.configMapKey(k).forEach(msg -> errors.add(FieldError.invalid(path + ".key", k, msg)));
    }
    return errors;
  }

  private static List<FieldError> envFrom(List<EnvFromSource> sources, String path) {
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      EnvFromSource s = sources.get(i);
      String idx = path + "[" + i + "]";
      String prefix = ObjectMetaValidation.nz(s.getPrefix());
      if (!prefix.isEmpty()) {
        NameRules.environmentVariableName(prefix).forEach(m -> errors.add(FieldError.invalid(idx + ".prefix", prefix, m)));
      }
      int count = 0;
      if (s.getConfigMapRef() != null) {
        count++;
        errors.addAll(envSourceName(s.getConfigMapRef().getName(), idx + ".configMapRef.name"));
      }
      if (s.getSecretRef() != null) {
        count++;
        errors.addAll(envSourceName(s.getSecretRef().getName(), idx + ".secretRef.name"));
      }
      if (count == 0) {
        errors.add(FieldError.invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"));
      } else if (count > 1) {
        errors.add(FieldError.invalid(path, "", "may not have more than one field specified at a time"));
      }
    }
    return errors;
  }

  private static List<FieldError> envSourceName(String name, String path) {
    String n = ObjectMetaValidation.nz(name);
    if (n.isEmpty()) {
      return List.of(FieldError.required(path, ""));
    }
    List<FieldError> errors = new ArrayList<>();
    ObjectMetaValidation.NameRule.DNS_SUBDOMAIN.check(n, true).forEach(msg -> errors.add(FieldError.invalid(path, n, msg)));
    return errors;
  }

  private static List<FieldError> volumeMounts(List<VolumeMount> mounts, Set<String> volumes, String path) {
    List<FieldError> errors = new ArrayList<>();
    Set<String> mountPoints = new HashSet<>();
    for (int i = 0; i < mounts.size(); i++) {
      VolumeMount m = mounts.get(i);
      String idx = path + "[" + i + "]";
      String name = ObjectMetaValidation.nz(m.getName());
      String mountPath = ObjectMetaValidation.nz(m.getMountPath());
      if (name.isEmpty()) {
        errors.add(FieldError.required(idx + ".name", ""));
      }
      if (!volumes.contains(name)) {
        errors.add(FieldError.notFound(idx + ".name", name));
      }
      if (mountPath.isEmpty()) {
        errors.add(FieldError.required(idx + ".mountPath", ""));
      }
      if (!mountPoints.add(mountPath)) {
        errors.add(FieldError.invalid(idx + ".mountPath", mountPath, "must be unique"));
      }
      String subPath = ObjectMetaValidation.nz(m.getSubPath());
      String subPathExpr = ObjectMetaValidation.nz(m.getSubPathExpr());
      if (!subPath.isEmpty()) {
        errors.addAll(localDescendingPath(subPath, path + ".subPath"));
      }
      if (!subPathExpr.isEmpty()) {
        if (!subPath.isEmpty()) {
          errors.add(FieldError.invalid(idx + ".subPathExpr", subPathExpr, "subPathExpr and subPath are mutually exclusive"));
        }
        errors.addAll(localDescendingPath(subPathExpr, path + ".subPathExpr"));
      }
    }
    return errors;
  }

  /** A relative path that does not climb out with {@code ..}. */
  static List<FieldError> localDescendingPath(String target, String path) {
    List<FieldError> errors = new ArrayList<>();
    if (target.startsWith("/")) {
      errors.add(FieldError.invalid(path, target, "must be a relative path"));
    }
    for (String part : target.split("/", -1)) {
      if (part.equals("..")) {
        errors.add(FieldError.invalid(path, target, "must not contain '..'"));
        break;
      }
    }
    return errors;
  }

  // ---- probes and hooks ----

  static List<FieldError> probe(Probe p, String path, boolean successMustBeOne) {
    List<FieldError> errors = new ArrayList<>();
    if (p == null) {
      return errors;
    }
    errors.addAll(handler(p.getExec(), p.getHttpGet(), p.getTcpSocket(), p.getGrpc(), null, path, null));
    nonNegative(errors, p.getInitialDelaySeconds(), path + ".initialDelaySeconds");
    nonNegative(errors, p.getTimeoutSeconds(), path + ".timeoutSeconds");
    nonNegative(errors, p.getPeriodSeconds(), path + ".periodSeconds");
    nonNegative(errors, p.getSuccessThreshold(), path + ".successThreshold");
    nonNegative(errors, p.getFailureThreshold(), path + ".failureThreshold");
    if (p.getTerminationGracePeriodSeconds() != null && p.getTerminationGracePeriodSeconds() <= 0) {
      errors.add(FieldError.invalid(path + ".terminationGracePeriodSeconds", p.getTerminationGracePeriodSeconds(), "must be greater than 0"));
    }
    if (successMustBeOne && p.getSuccessThreshold() != null && p.getSuccessThreshold() != 1) {
      errors.add(FieldError.invalid(path + ".successThreshold", p.getSuccessThreshold(), "must be 1"));
    }
    return errors;
  }

  static List<FieldError> lifecycle(Lifecycle l, Long gracePeriod, String path) {
    List<FieldError> errors = new ArrayList<>();
    if (l == null) {
      return errors;
    }
    errors.addAll(hook(l.getPostStart(), path + ".postStart", gracePeriod));
    errors.addAll(hook(l.getPreStop(), path + ".preStop", gracePeriod));
    return errors;
  }

  private static List<FieldError> hook(LifecycleHandler h, String path, Long gracePeriod) {
    if (h == null) {
      return List.of();
    }
    Long sleep = h.getSleep() == null ? null : h.getSleep().getSeconds() == null ? Long.valueOf(0) : h.getSleep().getSeconds();
    return handler(h.getExec(), h.getHttpGet(), h.getTcpSocket(), null, sleep, path, gracePeriod);
  }

  private static List<FieldError> handler(ExecAction exec, HTTPGetAction http, TCPSocketAction tcp, GRPCAction grpc, Long sleepSeconds,
      String path, Long gracePeriod) {
    List<FieldError> errors = new ArrayList<>();
    int handlers = 0;
    if (exec != null) {
      handlers++;
      if (exec.getCommand() == null || exec.getCommand().isEmpty()) {
        errors.add(FieldError.required(path + ".exec.command", ""));
      }
    }
    if (http != null) {
      if (handlers++ > 0) {
        errors.add(FieldError.forbidden(path + ".httpGet", "may not specify more than 1 handler type"));
      } else {
        errors.addAll(httpGet(http, path + ".httpGet"));
      }
    }
    if (tcp != null) {
      if (handlers++ > 0) {
        errors.add(FieldError.forbidden(path + ".tcpSocket", "may not specify more than 1 handler type"));
      } else {
        errors.addAll(portNumOrName(tcp.getPort(), path + ".tcpSocket.port"));
      }
    }
    if (grpc != null) {
      if (handlers++ > 0) {
        errors.add(FieldError.forbidden(path + ".grpc", "may not specify more than 1 handler type"));
      } else {
        int port = grpc.getPort() == null ? 0 : grpc.getPort();
        NameRules.portNumber(port).forEach(m -> errors.add(FieldError.invalid(path + ".grpc.port", port, m)));
      }
    }
    if (sleepSeconds != null) {
      if (handlers++ > 0) {
        errors.add(FieldError.forbidden(path + ".sleep", "may not specify more than 1 handler type"));
      } else if (gracePeriod != null && (sleepSeconds < 0 || sleepSeconds > gracePeriod)) {
        errors.add(FieldError.invalid(path + ".sleep.seconds", sleepSeconds,
            "must be non-negative and less than terminationGracePeriodSeconds (" + gracePeriod + ")"));
      }
    }
    if (handlers == 0) {
      errors.add(FieldError.required(path, "must specify a handler type"));
    }
    return errors;
  }

  private static List<FieldError> httpGet(HTTPGetAction http, String path) {
    List<FieldError> errors = new ArrayList<>();
    if (PodDefaults.empty(http.getPath())) {
      errors.add(FieldError.required(path + ".path", ""));
    }
    errors.addAll(portNumOrName(http.getPort(), path + ".port"));
    String scheme = ObjectMetaValidation.nz(http.getScheme());
    if (!scheme.equals("HTTP") && !scheme.equals("HTTPS")) {
      errors.add(FieldError.notSupported(path + ".scheme", scheme, List.of("HTTP", "HTTPS")));
    }
    for (HTTPHeader h : PodDefaults.nonNull(http.getHttpHeaders())) {
      String name = ObjectMetaValidation.nz(h.getName());
      if (!HTTP_HEADER_NAME.matcher(name).matches()) {
        errors.add(FieldError.invalid(path + ".httpHeaders", name, NameRules.regexError(
            "a valid HTTP header must consist of alphanumeric characters or '-'", "[-A-Za-z0-9]+", "X-Header-Name")));
      }
    }
    return errors;
  }

  private static List<FieldError> portNumOrName(IntOrString port, String path) {
    List<FieldError> errors = new ArrayList<>();
    if (port != null && port.getStrVal() != null) {
      String name = port.getStrVal();
      NameRules.portName(name).forEach(m -> errors.add(FieldError.invalid(path, name, m)));
    } else {
      int number = port == null || port.getIntVal() == null ? 0 : port.getIntVal();
      NameRules.portNumber(number).forEach(m -> errors.add(FieldError.invalid(path, number, m)));
    }
    return errors;
  }

  private static void nonNegative(List<FieldError> errors, Integer value, String path) {
    if (value != null && value < 0) {
      errors.add(FieldError.invalid(path, value, "must be greater than or equal to 0"));
    }
  }
}
