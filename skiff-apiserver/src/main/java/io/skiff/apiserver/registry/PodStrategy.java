package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.skiff.apiserver.resource.Column;
import io.skiff.apiserver.resource.ResourceStrategy;
import io.skiff.common.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pods: decode-time defaults and the default admission plugins on create, a fresh {@code Pending} status with its
 * QoS class, Kubernetes 1.33 validation of create and update, the status subresource keeping the spec, the
 * {@code kubectl get pods} columns, and the pod field selectors.
 */
public final class PodStrategy implements ResourceStrategy<Pod> {

  private static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      Columns.text("Ready", "How many of the pod's containers (app containers and sidecars) are ready, out of how many."),
      Columns.text("Status", "A one-word summary of the pod: its phase, or the reason its containers are not running."),
      Columns.text("Restarts", "How often the pod's containers were restarted, and how long ago the last restart was."),
      Columns.AGE,
      Columns.wide("IP", "The pod's first IP address (status.podIPs)."),
      Columns.wide("Node", "The node the pod is bound to (spec.nodeName)."),
      Columns.wide("Nominated Node", "The node preemption made room on, when the pod is not yet bound (status.nominatedNodeName)."),
      Columns.wide("Readiness Gates", "How many of the pod's readiness gates are satisfied, out of how many."));

  private final PriorityClasses classes;

  /** Pods whose priority classes are only the built-in system ones (tests, field labels). */
  public PodStrategy() {
    this(PriorityClasses.BUILT_IN);
  }

  /** Pods whose priority comes from {@code classes}. */
  public PodStrategy(PriorityClasses classes) {
    this.classes = java.util.Objects.requireNonNull(classes, "classes");
  }

  @Override
  public void prepareForCreate(Pod pod) {
    PodDefaults.apply(pod);
    PodAdmission.admitCreate(pod, classes);
    PodStatus status = new PodStatus();
    status.setPhase("Pending");
    status.setQosClass(PodQos.of(pod));
    if (!PodDefaults.nonNull(pod.getSpec().getSchedulingGates()).isEmpty()) {
      PodCondition gated = new PodCondition();
      gated.setType("PodScheduled");
      gated.setStatus("False");
      gated.setReason("SchedulingGated");
      gated.setMessage("Scheduling is blocked due to non-empty scheduling gates");
      status.setConditions(new ArrayList<>(List.of(gated)));
    }
    pod.setStatus(status);
  }

  @Override
  public void prepareForUpdate(Pod pod, Pod old) {
    PodDefaults.apply(pod);
    PodAdmission.admitUpdate(pod, old);
    pod.setStatus(old.getStatus());
  }

  @Override
  public void prepareForStatusUpdate(Pod pod, Pod old) {
    pod.setSpec(old.getSpec());
    if (pod.getMetadata() != null && old.getMetadata() != null) {
      pod.getMetadata().setOwnerReferences(old.getMetadata().getOwnerReferences());
      pod.getMetadata().setDeletionTimestamp(old.getMetadata().getDeletionTimestamp());
      pod.getMetadata().setDeletionGracePeriodSeconds(old.getMetadata().getDeletionGracePeriodSeconds());
    }
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    if (PodDefaults.empty(status.getQosClass()) && old.getStatus() != null) {
      status.setQosClass(old.getStatus().getQosClass());
    }
    normalizeIps(status);
    pod.setStatus(status);
  }

  /** The v1 API carries both podIP and podIPs (and hostIP/hostIPs); the singular one is always the first of the list. */
  private static void normalizeIps(PodStatus status) {
    if (PodDefaults.nonNull(status.getPodIPs()).isEmpty() && !PodDefaults.empty(status.getPodIP())) {
      status.setPodIPs(new ArrayList<>(List.of(new PodIP(status.getPodIP()))));
    }
    if (!PodDefaults.nonNull(status.getPodIPs()).isEmpty()) {
      status.setPodIP(status.getPodIPs().get(0).getIp());
    }
    if (PodDefaults.nonNull(status.getHostIPs()).isEmpty() && !PodDefaults.empty(status.getHostIP())) {
      status.setHostIPs(new ArrayList<>(List.of(new HostIP(status.getHostIP()))));
    }
    if (!PodDefaults.nonNull(status.getHostIPs()).isEmpty()) {
      status.setHostIP(status.getHostIPs().get(0).getIp());
    }
  }

  @Override
  public List<FieldError> validate(Pod pod) {
    return PodValidation.validateCreate(pod);
  }

  @Override
  public List<FieldError> validateUpdate(Pod pod, Pod old) {
    return PodUpdateValidation.validateUpdate(pod, old);
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(Pod pod, Instant now) {
    return PodPrinter.row(pod, now).cells();
  }

  @Override
  public Map<String, String> selectableFields(Pod pod) {
    PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("metadata.name", pod.getMetadata() == null ? "" : ObjectMetaValidation.nz(pod.getMetadata().getName()));
    fields.put("metadata.namespace", pod.getMetadata() == null ? "" : ObjectMetaValidation.nz(pod.getMetadata().getNamespace()));
    fields.put("spec.nodeName", ObjectMetaValidation.nz(spec.getNodeName()));
    fields.put("spec.restartPolicy", ObjectMetaValidation.nz(spec.getRestartPolicy()));
    fields.put("spec.schedulerName", ObjectMetaValidation.nz(spec.getSchedulerName()));
    fields.put("spec.serviceAccountName", ObjectMetaValidation.nz(spec.getServiceAccountName()));
    fields.put("spec.hostNetwork", Boolean.toString(Boolean.TRUE.equals(spec.getHostNetwork())));
    fields.put("status.phase", ObjectMetaValidation.nz(status.getPhase()));
    String podIp = PodDefaults.nonNull(status.getPodIPs()).isEmpty() ? ObjectMetaValidation.nz(status.getPodIP())
        : ObjectMetaValidation.nz(status.getPodIPs().get(0).getIp());
    fields.put("status.podIP", podIp);
    fields.put("status.nominatedNodeName", ObjectMetaValidation.nz(status.getNominatedNodeName()));
    return fields;
  }
}
