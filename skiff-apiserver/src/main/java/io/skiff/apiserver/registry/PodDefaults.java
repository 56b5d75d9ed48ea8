package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerResizePolicy;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The defaults Kubernetes applies to every Pod body it decodes ({@code pkg/apis/core/v1/defaults.go}): they fill
 * only empty fields and never overwrite what the user wrote. Applied on create and on every update, since each
 * request body is decoded afresh.
 */
final class PodDefaults {

  static final String TERMINATION_MESSAGE_PATH = "/dev/termination-log";
  static final long TERMINATION_GRACE_PERIOD_SECONDS = 30;
  static final int DEFAULT_FILE_MODE = 420;

  private PodDefaults() {}

  static void apply(Pod pod) {
    if (pod.getSpec() == null) {
      pod.setSpec(new PodSpec());
    }
    PodSpec spec = pod.getSpec();
    // SetDefaults_Pod: requests from limits (init and app), resize policy (app containers)
    for (Container c : nonNull(spec.getContainers())) {
      requestsFromLimits(c);
      resizePolicy(c);
    }
    for (Container c : nonNull(spec.getInitContainers())) {
      requestsFromLimits(c);
    }
    if (spec.getEnableServiceLinks() == null) {
      spec.setEnableServiceLinks(true);
    }
    if (Boolean.TRUE.equals(spec.getHostNetwork())) {
      hostNetworkPorts(spec.getContainers());
      hostNetworkPorts(spec.getInitContainers());
    }
    // SetDefaults_PodSpec
    if (empty(spec.getDnsPolicy())) {
      spec.setDnsPolicy("ClusterFirst");
    }
    if (empty(spec.getRestartPolicy())) {
      spec.setRestartPolicy("Always");
    }
    if (spec.getSecurityContext() == null) {
      spec.setSecurityContext(new PodSecurityContext());
    }
    if (spec.getTerminationGracePeriodSeconds() == null) {
      spec.setTerminationGracePeriodSeconds(TERMINATION_GRACE_PERIOD_SECONDS);
    }
    if (empty(spec.getSchedulerName())) {
      spec.setSchedulerName("default-scheduler");
    }
    // the v1 conversion: the deprecated serviceAccount field feeds serviceAccountName, and mirrors it back
    if (empty(spec.getServiceAccountName()) && !empty(spec.getServiceAccount())) {
      spec.setServiceAccountName(spec.getServiceAccount());
    }
    if (!empty(spec.getServiceAccountName())) {
      spec.setServiceAccount(spec.getServiceAccountName());
    }
    for (Volume v : nonNull(spec.getVolumes())) {
      volume(v);
    }
    for (Container c : nonNull(spec.getInitContainers())) {
      container(c);
    }
    for (Container c : nonNull(spec.getContainers())) {
      container(c);
    }
    for (EphemeralContainer c : nonNull(spec.getEphemeralContainers())) {
      ephemeralContainer(c);
    }
  }

  /** The default pull policy for an image: {@code Always} for an implicit or explicit {@code latest} tag. */
  static String pullPolicy(String image) {
    return ImageTags.LATEST.equals(ImageTags.effectiveTag(image)) ? "Always" : "IfNotPresent";
  }

  private static void container(Container c) {
    if (empty(c.getImagePullPolicy())) {
      c.setImagePullPolicy(pullPolicy(c.getImage()));
    }
    if (empty(c.getTerminationMessagePath())) {
      c.setTerminationMessagePath(TERMINATION_MESSAGE_PATH);
    }
    if (empty(c.getTerminationMessagePolicy())) {
      c.setTerminationMessagePolicy("File");
    }
    if (c.getResources() == null) {
      c.setResources(new ResourceRequirements());
    }
    for (ContainerPort p : nonNull(c.getPorts())) {
      port(p);
    }
    for (EnvVar e : nonNull(c.getEnv())) {
      env(e);
    }
    probe(c.getLivenessProbe());
    probe(c.getReadinessProbe());
    probe(c.getStartupProbe());
    lifecycle(c.getLifecycle());
  }

  private static void ephemeralContainer(EphemeralContainer c) {
    if (empty(c.getImagePullPolicy())) {
      c.setImagePullPolicy(pullPolicy(c.getImage()));
    }
    if (empty(c.getTerminationMessagePath())) {
      c.setTerminationMessagePath(TERMINATION_MESSAGE_PATH);
    }
    if (empty(c.getTerminationMessagePolicy())) {
      c.setTerminationMessagePolicy("File");
    }
    if (c.getResources() == null) {
      c.setResources(new ResourceRequirements());
    }
    for (ContainerPort p : nonNull(c.getPorts())) {
      port(p);
    }
    for (EnvVar e : nonNull(c.getEnv())) {
      env(e);
    }
    probe(c.getLivenessProbe());
    probe(c.getReadinessProbe());
    probe(c.getStartupProbe());
    lifecycle(c.getLifecycle());
  }

  private static void port(ContainerPort p) {
    if (empty(p.getProtocol())) {
      p.setProtocol("TCP");
    }
  }

  private static void env(EnvVar e) {
    if (e.getValueFrom() != null) {
      fieldRef(e.getValueFrom().getFieldRef());
    }
  }

  private static void fieldRef(ObjectFieldSelector ref) {
    if (ref != null && empty(ref.getApiVersion())) {
      ref.setApiVersion("v1");
    }
  }

  private static void probe(Probe p) {
    if (p == null) {
      return;
    }
    if (p.getTimeoutSeconds() == null || p.getTimeoutSeconds() == 0) {
      p.setTimeoutSeconds(1);
    }
    if (p.getPeriodSeconds() == null || p.getPeriodSeconds() == 0) {
      p.setPeriodSeconds(10);
    }
    if (p.getSuccessThreshold() == null || p.getSuccessThreshold() == 0) {
      p.setSuccessThreshold(1);
    }
    if (p.getFailureThreshold() == null || p.getFailureThreshold() == 0) {
      p.setFailureThreshold(3);
    }
    httpGet(p.getHttpGet());
  }

  private static void lifecycle(Lifecycle l) {
    if (l == null) {
      return;
    }
    handler(l.getPostStart());
    handler(l.getPreStop());
  }

  private static void handler(LifecycleHandler h) {
    if (h != null) {
      httpGet(h.getHttpGet());
    }
  }

  private static void httpGet(HTTPGetAction a) {
    if (a == null) {
      return;
    }
    if (empty(a.getPath())) {
      a.setPath("/");
    }
    if (empty(a.getScheme())) {
      a.setScheme("HTTP");
    }
  }

  private static void volume(Volume v) {
    if (VolumeSources.count(v) == 0) {
      v.setEmptyDir(new EmptyDirVolumeSource());
    }
    if (v.getSecret() != null && v.getSecret().getDefaultMode() == null) {
      v.getSecret().setDefaultMode(DEFAULT_FILE_MODE);
    }
    if (v.getConfigMap() != null && v.getConfigMap().getDefaultMode() == null) {
      v.getConfigMap().setDefaultMode(DEFAULT_FILE_MODE);
    }
    if (v.getDownwardAPI() != null) {
      if (v.getDownwardAPI().getDefaultMode() == null) {
        v.getDownwardAPI().setDefaultMode(DEFAULT_FILE_MODE);
      }
      for (DownwardAPIVolumeFile f : nonNull(v.getDownwardAPI().getItems())) {
        fieldRef(f.getFieldRef());
      }
    }
    if (v.getHostPath() != null && v.getHostPath().getType() == null) {
      v.getHostPath().setType("");
    }
    if (v.getProjected() != null) {
      if (v.getProjected().getDefaultMode() == null) {
        v.getProjected().setDefaultMode(DEFAULT_FILE_MODE);
      }
      for (VolumeProjection source : nonNull(v.getProjected().getSources())) {
        if (source.getServiceAccountToken() != null && source.getServiceAccountToken().getExpirationSeconds() == null) {
          source.getServiceAccountToken().setExpirationSeconds(3600L);
        }
        if (source.getDownwardAPI() != null) {
          for (DownwardAPIVolumeFile f : nonNull(source.getDownwardAPI().getItems())) {
            fieldRef(f.getFieldRef());
          }
        }
      }
    }
  }

  private static void requestsFromLimits(Container c) {
    ResourceRequirements r = c.getResources();
    if (r == null || r.getLimits() == null || r.getLimits().isEmpty()) {
      return;
    }
    Map<String, Quantity> requests = r.getRequests() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(r.getRequests());
    for (Map.Entry<String, Quantity> e : r.getLimits().entrySet()) {
      if (!requests.containsKey(e.getKey()) && e.getValue() != null) {
        requests.put(e.getKey(), new Quantity(e.getValue().getAmount(), e.getValue().getFormat()));
      }
    }
    r.setRequests(requests);
  }

  /** In-place resize is on by default in 1.33: cpu and memory requests get a {@code NotRequired} resize policy. */
  private static void resizePolicy(Container c) {
    ResourceRequirements r = c.getResources();
    if (r == null || r.getRequests() == null || r.getRequests().isEmpty()) {
      return;
    }
    List<ContainerResizePolicy> policies = new ArrayList<>(nonNull(c.getResizePolicy()));
    for (String resource : List.of("cpu", "memory")) {
      boolean specified = policies.stream().anyMatch(p -> resource.equals(p.getResourceName()));
      if (r.getRequests().containsKey(resource) && !specified) {
        policies.add(new ContainerResizePolicy(resource, "NotRequired"));
      }
    }
    c.setResizePolicy(policies);
  }

  private static void hostNetworkPorts(List<Container> containers) {
    for (Container c : nonNull(containers)) {
      for (ContainerPort p : nonNull(c.getPorts())) {
        if (p.getHostPort() == null || p.getHostPort() == 0) {
          p.setHostPort(p.getContainerPort());
        }
      }
    }
  }

  static boolean empty(String s) {
    return s == null || s.isEmpty();
  }

  static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
