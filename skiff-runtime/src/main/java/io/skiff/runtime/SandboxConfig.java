package io.skiff.runtime;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a pod sandbox needs: who the pod is, its hostname and DNS, whether it shares the host's network or its
 * containers' process namespace, the host ports it publishes and where its cgroup goes. Start from
 * {@link #of(String, String, String)} and refine with the {@code with…} methods; every value is immutable.
 *
 * @param podUid                the pod's uid; with {@code attempt} it determines the {@link SandboxId}
 * @param namespace             the pod's namespace
 * @param name                  the pod's name
 * @param attempt               the sandbox attempt, 0 for the pod's first sandbox
 * @param hostname              the pod's hostname (its UTS name and the name in its /etc/hosts); ignored with host network
 * @param fqdn                  the pod's fully qualified name written before the hostname in /etc/hosts, or empty
 * @param dns                   the pod's resolv.conf content, or {@code null} to copy the host's /etc/resolv.conf
 * @param hostAliases           extra /etc/hosts entries (a pod's {@code hostAliases})
 * @param shareProcessNamespace whether the containers share the pause's PID namespace (the pause is then PID 1)
 * @param hostNetwork           whether the pod uses the host's network and UTS namespaces (no netns, no CNI)
 * @param portMappings          host ports forwarded to the pod (through CNI's portmap); ignored with host network
 * @param cgroupParent          the cgroup (cgroupfs path, e.g. {@code /skiff}) under which the pod's own cgroup
 *                              {@code pod<uid>} is created, or empty for the runtime's default
 * @param labels                labels to keep with the sandbox, for listing
 */
public record SandboxConfig(
    String podUid,
    String namespace,
    String name,
    int attempt,
    String hostname,
    String fqdn,
    DnsConfig dns,
    List<HostAlias> hostAliases,
    boolean shareProcessNamespace,
    boolean hostNetwork,
    List<PortMapping> portMappings,
    String cgroupParent,
    Map<String, String> labels) {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern UID = Pattern.compile("[A-Za-z0-9][-A-Za-z0-9_.]{0,127}");
  private static final Pattern CGROUP = Pattern.compile("(/[A-Za-z0-9_.-]+)+");

  public SandboxConfig {
    Objects.requireNonNull(podUid, "podUid");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (!UID.matcher(podUid).matches()) {
      throw new IllegalArgumentException("podUid must be letters, digits, '-', '_' or '.': " + podUid);
    }
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must not be negative: " + attempt);
    }
    hostname = hostname == null || hostname.isEmpty() ? name : hostname;
    if (!hostNetwork && !DNS_LABEL.matcher(hostname).matches()) {
      throw new IllegalArgumentException("hostname must be a DNS label (lowercase letters, digits, '-', at most 63): " + hostname);
    }
    fqdn = fqdn == null ? "" : fqdn;
    hostAliases = List.copyOf(hostAliases == null ? List.of() : hostAliases);
    portMappings = List.copyOf(portMappings == null ? List.of() : portMappings);
    cgroupParent = cgroupParent == null ? "" : cgroupParent;
    if (!cgroupParent.isEmpty() && !CGROUP.matcher(cgroupParent).matches()) {
      throw new IllegalArgumentException("cgroupParent must be an absolute cgroupfs path like /skiff: " + cgroupParent);
    }
    labels = Map.copyOf(labels == null ? Map.of() : labels);
  }

  /** A sandbox for the pod with defaults: attempt 0, hostname = name, the host's DNS, own network, no ports. */
  public static SandboxConfig of(String podUid, String namespace, String name) {
    return new SandboxConfig(podUid, namespace, name, 0, name, "", null, List.of(), false, false, List.of(), "", Map.of());
  }

  /** The id this config's sandbox gets. */
  public SandboxId id() {
    return SandboxId.of(podUid, attempt);
  }

  public SandboxConfig withAttempt(int value) {
    return new SandboxConfig(podUid, namespace, name, value, hostname, fqdn, dns, hostAliases, shareProcessNamespace, hostNetwork, portMappings, cgroupParent, labels);
  }

  public SandboxConfig withHostname(String value, String fullyQualified) {
    return new SandboxConfig(podUid, namespace, name, attempt, value, fullyQualified, dns, hostAliases, shareProcessNamespace, hostNetwork, portMappings, cgroupParent, labels);
  }

  public SandboxConfig withDns(DnsConfig value) {
    return new SandboxConfig(podUid, namespace, name, attempt, hostname, fqdn, value, hostAliases, shareProcessNamespace, hostNetwork, portMappings, cgroupParent, labels);
  }

  public SandboxConfig withHostAliases(List<HostAlias> value) {
    return new SandboxConfig(podUid, namespace, name, attempt, hostname, fqdn, dns, value, shareProcessNamespace, hostNetwork, portMappings, cgroupParent, labels);
  }

  public SandboxConfig withShareProcessNamespace(boolean value) {
    return new SandboxConfig(podUid, namespace, name, attempt, hostname, fqdn, dns, hostAliases, value, hostNetwork, portMappings, cgroupParent, labels);
  }

  public SandboxConfig withHostNetwork(boolean value) {
    return new SandboxConfig(podUid, namespace, name, attempt, hostname, fqdn, dns, hostAliases, shareProcessNamespace, value, portMappings, cgroupParent, labels);
  }

  public SandboxConfig withPortMappings(List<PortMapping> value) {
    return new SandboxConfig(podUid, namespace, name, attempt, hostname, fqdn, dns, hostAliases, shareProcessNamespace, hostNetwork, value, cgroupParent, labels);
  }

  public SandboxConfig withCgroupParent(String value) {
    return new SandboxConfig(podUid, namespace, name, attempt, hostname, fqdn, dns, hostAliases, shareProcessNamespace, hostNetwork, portMappings, value, labels);
  }

  public SandboxConfig withLabels(Map<String, String> value) {
    return new SandboxConfig(podUid, namespace, name, attempt, hostname, fqdn, dns, hostAliases, shareProcessNamespace, hostNetwork, portMappings, cgroupParent, value);
  }
}
