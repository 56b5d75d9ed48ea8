package io.skiff.apiserver.registry;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.skiff.apiserver.registry.ObjectMetaValidation.NameRule;
import io.skiff.apiserver.resource.Column;
import io.skiff.apiserver.resource.ResourceStrategy;
import io.skiff.common.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Nodes: cluster-scoped, DNS-subdomain names, status kept on create (the node agent registers with it) and only
 * changed through the status subresource, taint validation, and the {@code kubectl get nodes} columns.
 */
public final class NodeStrategy implements ResourceStrategy<Node> {

  private static final String ROLE_PREFIX = "node-role.kubernetes.io/";
  private static final String ROLE_LABEL = "kubernetes.io/role";
  private static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");
  private static final String UNKNOWN = "<unknown>";

  private static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      Columns.text("Status", "Whether the node is Ready, and SchedulingDisabled when cordoned."),
      Columns.text("Roles", "The node's roles, from its node-role.kubernetes.io/ labels."),
      Columns.AGE,
      Columns.text("Version", "The version the node agent reports (status.nodeInfo.kubeletVersion)."),
      Columns.wide("Internal-IP", "The node's first InternalIP address."),
      Columns.wide("External-IP", "The node's first ExternalIP address."),
      Columns.wide("OS-Image", "The operating system the node runs (status.nodeInfo.osImage)."),
      Columns.wide("Kernel-Version", "The node's kernel version (status.nodeInfo.kernelVersion)."),
      Columns.wide("Container-Runtime", "The container runtime and its version (status.nodeInfo.containerRuntimeVersion)."));

  @Override
  public void prepareForCreate(Node node) {
    defaultAllocatable(node);
    syncPodCidrs(node);
  }

  @Override
  public void prepareForUpdate(Node node, Node old) {
    node.setStatus(old.getStatus());
    syncPodCidrs(node);
  }

  /**
   * v1's two fields as Kubernetes keeps them (its internal type has only {@code podCIDRs}): {@code podCIDR} alone
   * becomes {@code podCIDRs: [podCIDR]}, and {@code podCIDR} always reads {@code podCIDRs[0]}.
   */
  private static void syncPodCidrs(Node node) {
    NodeSpec spec = node.getSpec();
    if (spec == null) {
      return;
    }
    List<String> cidrs = PodDefaults.nonNull(spec.getPodCIDRs());
    if (cidrs.isEmpty() && !PodDefaults.empty(spec.getPodCIDR())) {
      spec.setPodCIDRs(new ArrayList<>(List.of(spec.getPodCIDR())));
    } else if (!cidrs.isEmpty()) {
      spec.setPodCIDR(cidrs.getFirst());
    }
  }

  @Override
  public void prepareForStatusUpdate(Node node, Node old) {
    node.setSpec(old.getSpec());
    defaultAllocatable(node);
  }

  /** A node that reports capacity but no allocatable resources can use all of its capacity. */
  private static void defaultAllocatable(Node node) {
    NodeStatus status = node.getStatus();
    if (status != null && (status.getAllocatable() == null || status.getAllocatable().isEmpty())
        && status.getCapacity() != null && !status.getCapacity().isEmpty()) {
      Map<String, Quantity> allocatable = new LinkedHashMap<>();
      status.getCapacity().forEach((k, v) -> allocatable.put(k, new Quantity(v.getAmount(), v.getFormat())));
      status.setAllocatable(allocatable);
    }
  }

  @Override
  public List<FieldError> validate(Node node) {
    List<FieldError> errors = new ArrayList<>(ObjectMetaValidation.validate(node.getMetadata(), false, NameRule.DNS_SUBDOMAIN));
    List<Taint> taints = node.getSpec() == null ? List.of() : PodDefaults.nonNull(node.getSpec().getTaints());
    // Kubernetes reports taint errors under metadata.taints, not spec.taints
    errors.addAll(taints(taints, "metadata.taints"));
    errors.addAll(podCidrs(node.getSpec() == null ? List.of() : PodDefaults.nonNull(node.getSpec().getPodCIDRs())));
    return errors;
  }

  /** Kubernetes' checks of {@code spec.podCIDRs}: each a CIDR, and two only as an IPv4 and IPv6 pair. */
  private static List<FieldError> podCidrs(List<String> cidrs) {
    List<FieldError> errors = new ArrayList<>();
    Set<Boolean> families = new HashSet<>();
    for (int i = 0; i < cidrs.size(); i++) {
      String value = cidrs.get(i);
      Boolean v6 = cidrFamily(value);
      if (v6 == null) {
        errors.add(FieldError.invalid("spec.podCIDRs[" + i + "]", value, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
      } else {
        families.add(v6);
      }
    }
    if (errors.isEmpty() && cidrs.size() > 1 && (cidrs.size() > 2 || families.size() != 2)) {
      errors.add(FieldError.invalid("spec.podCIDRs", GoValue.stringSlice(cidrs),
          "may specify no more than one CIDR for each IP family"));
    }
    return errors;
  }

  /** {@code false} for an IPv4 CIDR, {@code true} for IPv6, {@code null} for neither (Go's {@code net.ParseCIDR}). */
  private static Boolean cidrFamily(String value) {
    int slash = value.indexOf('/');
    if (slash < 0) {
      return null;
    }
    String address = value.substring(0, slash);
    String prefix = value.substring(slash + 1);
    if (!prefix.matches("\\d{1,3}")) {
      return null;
    }
    int bits = Integer.parseInt(prefix);
    if (address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      for (String octet : address.split("\\.")) {
        if (Integer.parseInt(octet) > 255 || (octet.length() > 1 && octet.startsWith("0"))) {
          return null;
        }
      }
      return bits <= 32 ? Boolean.FALSE : null;
    }
    if (address.contains(":") && address.matches("[0-9A-Fa-f:.]+")) {
      try {
        java.net.InetAddress.getByName(address);
        return bits <= 128 ? Boolean.TRUE : null;
      } catch (java.net.UnknownHostException e) {
        return null;
      }
    }
    return null;
  }

  private static List<FieldError> taints(List<Taint> taints, String path) {
    List<FieldError> errors = new ArrayList<>();
    Map<String, Set<String>> unique = new HashMap<>();
    for (int i = 0; i < taints.size(); i++) {
      Taint t = taints.get(i);
      String idx = path + "[" + i + "]";
      String key = ObjectMetaValidation.nz(t.getKey());
      String value = ObjectMetaValidation.nz(t.getValue());
      String effect = ObjectMetaValidation.nz(t.getEffect());
      NameRules.qualifiedName(key).forEach(m -> errors.add(FieldError.invalid(idx + ".key", key, m)));
      List<String> valueErrors = NameRules.labelValue(value);
      if (!valueErrors.isEmpty()) {
        errors.add(FieldError.invalid(idx + ".value", value, String.join(";", valueErrors)));
      }
      if (effect.isEmpty()) {
        errors.add(FieldError.required(idx + ".effect", ""));
      } else if (!TAINT_EFFECTS.contains(effect)) {
        errors.add(FieldError.notSupported(idx + ".effect", effect, TAINT_EFFECTS));
      }
      if (!unique.computeIfAbsent(effect, e -> new HashSet<>()).add(key)) {
        GoValue taint = new GoValue("core.Taint{Key:" + GoValue.quote(key) + ", Value:" + GoValue.quote(value) + ", Effect:"
            + GoValue.quote(effect) + ", TimeAdded:(*v1.Time)(nil)}");
        errors.add(new FieldError(FieldError.Type.DUPLICATE, idx, taint, "taints must be unique by key and effect pair"));
      }
    }
    return errors;
  }

  @Override
  public List<FieldError> validateUpdate(Node node, Node old) {
    List<FieldError> errors = validate(node);
    errors.addAll(ObjectMetaValidation.validateUpdate(node.getMetadata(), old.getMetadata()));
    NodeSpec spec = node.getSpec() == null ? new NodeSpec() : node.getSpec();
    NodeSpec oldSpec = old.getSpec() == null ? new NodeSpec() : old.getSpec();
    List<String> oldCidrs = PodDefaults.nonNull(oldSpec.getPodCIDRs());
    if (!oldCidrs.isEmpty() && !oldCidrs.equals(PodDefaults.nonNull(spec.getPodCIDRs()))) {
      errors.add(FieldError.forbidden("spec.podCIDRs", "node updates may not change podCIDR except from \"\" to valid"));
    }
    if (!PodDefaults.empty(oldSpec.getProviderID()) && !Objects.equals(oldSpec.getProviderID(), spec.getProviderID())) {
      errors.add(FieldError.forbidden("spec.providerID", "node updates may not change providerID except from \"\" to valid"));
    }
    return errors;
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(Node node, Instant now) {
    NodeStatus status = node.getStatus() == null ? new NodeStatus() : node.getStatus();
    NodeSystemInfo info = status.getNodeInfo() == null ? new NodeSystemInfo() : status.getNodeInfo();
    List<String> states = new ArrayList<>();
    for (NodeCondition c : PodDefaults.nonNull(status.getConditions())) {
      if ("Ready".equals(c.getType())) {
        states.clear();
        states.add("True".equals(c.getStatus()) ? "Ready" : "NotReady");
      }
    }
    if (states.isEmpty()) {
      states.add("Unknown");
    }
    if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      states.add("SchedulingDisabled");
    }
    String roles = String.join(",", roles(node));
    return List.of(name(node), String.join(",", states), roles.isEmpty() ? "<none>" : roles,
        HumanDuration.since(node.getMetadata() == null ? null : node.getMetadata().getCreationTimestamp(), now),
        ObjectMetaValidation.nz(info.getKubeletVersion()),
        address(status, "InternalIP"), address(status, "ExternalIP"),
        orUnknown(info.getOsImage()), orUnknown(info.getKernelVersion()), orUnknown(info.getContainerRuntimeVersion()));
  }

  private static Set<String> roles(Node node) {
    Set<String> roles = new TreeSet<>();
    Map<String, String> labels = node.getMetadata() == null || node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    labels.forEach((k, v) -> {
      if (k.startsWith(ROLE_PREFIX) && k.length() > ROLE_PREFIX.length()) {
        roles.add(k.substring(ROLE_PREFIX.length()));
      } else if (k.equals(ROLE_LABEL) && v != null && !v.isEmpty()) {
        roles.add(v);
      }
    });
    return roles;
  }

  private static String address(NodeStatus status, String type) {
    for (NodeAddress a : PodDefaults.nonNull(status.getAddresses())) {
      if (type.equals(a.getType())) {
        return ObjectMetaValidation.nz(a.getAddress());
      }
    }
    return "<none>";
  }

  private static String orUnknown(String s) {
    return PodDefaults.empty(s) ? UNKNOWN : s;
  }

  @Override
  public Map<String, String> selectableFields(Node node) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("metadata.name", name(node));
    fields.put("spec.unschedulable", Boolean.toString(node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())));
    return fields;
  }

  private static String name(Node node) {
    return node.getMetadata() == null ? "" : ObjectMetaValidation.nz(node.getMetadata().getName());
  }
}
