package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.skiff.runtime.DnsConfig;
import io.skiff.runtime.HostAlias;
import io.skiff.runtime.PortMapping;
import io.skiff.runtime.SandboxConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pod's sandbox: hostname (spec.hostname, else the pod name cut to a DNS label), DNS (the host's resolv.conf, since
 * skiff runs no cluster DNS; {@code dnsPolicy: None} takes {@code dnsConfig} alone, other policies add dnsConfig's
 * entries to the host's), host aliases, process namespace sharing, host network and host ports.
 */
public final class SandboxConfigFactory {
  private SandboxConfigFactory() {}

  public static SandboxConfig of(Pod pod, int attempt, List<String> hostNameservers, List<String> hostSearches) {
    var spec = pod.getSpec();
    var meta = pod.getMetadata();
    SandboxConfig config = SandboxConfig.of(meta.getUid(), meta.getNamespace(), meta.getName())
        .withAttempt(attempt)
        .withHostname(hostname(pod), "")
        .withShareProcessNamespace(Boolean.TRUE.equals(spec.getShareProcessNamespace()))
        .withHostNetwork(Boolean.TRUE.equals(spec.getHostNetwork()))
        .withPortMappings(ports(pod))
        .withLabels(Map.of(ContainerLabels.POD_UID, meta.getUid(), ContainerLabels.POD_NAME, meta.getName(),
            ContainerLabels.POD_NAMESPACE, meta.getNamespace()));
    if (spec.getHostAliases() != null) {
      config = config.withHostAliases(spec.getHostAliases().stream().map(a -> new HostAlias(a.getIp(), a.getHostnames())).toList());
    }
    DnsConfig dns = dns(pod, hostNameservers, hostSearches);
    return dns == null ? config : config.withDns(dns);
  }

  /** The pod's hostname: spec.hostname, else its name cut to 63 characters and to its first dot-separated label. */
  public static String hostname(Pod pod) {
    String h = pod.getSpec().getHostname();
    if (h != null && !h.isEmpty()) {
      return h;
    }
    String name = pod.getMetadata().getName();
    int dot = name.indexOf('.');
    if (dot > 0) {
      name = name.substring(0, dot);
    }
    if (name.length() > 63) {
      name = name.substring(0, 63);
    }
    while (name.endsWith("-")) {
      name = name.substring(0, name.length() - 1);
    }
    return name;
  }

  static DnsConfig dns(Pod pod, List<String> hostNameservers, List<String> hostSearches) {
    PodDNSConfig extra = pod.getSpec().getDnsConfig();
    boolean none = "None".equals(pod.getSpec().getDnsPolicy());
    if (extra == null && !none) {
      return null;
    }
    List<String> servers = new ArrayList<>(none ? List.of() : hostNameservers);
    List<String> searches = new ArrayList<>(none ? List.of() : hostSearches);
    List<String> options = new ArrayList<>();
    if (extra != null) {
      if (extra.getNameservers() != null) {
        extra.getNameservers().stream().filter(s -> !servers.contains(s)).forEach(servers::add);
      }
      if (extra.getSearches() != null) {
        extra.getSearches().stream().filter(s -> !searches.contains(s)).forEach(searches::add);
      }
      if (extra.getOptions() != null) {
        for (PodDNSConfigOption o : extra.getOptions()) {
          options.add(o.getValue() == null || o.getValue().isEmpty() ? o.getName() : o.getName() + ":" + o.getValue());
        }
      }
    }
    return new DnsConfig(servers, searches, options);
  }

  static List<PortMapping> ports(Pod pod) {
    List<PortMapping> out = new ArrayList<>();
    for (SpecContainer c : SpecContainer.all(pod)) {
      for (ContainerPort p : c.spec().getPorts() == null ? List.<ContainerPort>of() : c.spec().getPorts()) {
        if (p.getHostPort() == null || p.getHostPort() <= 0 || Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
          continue;
        }
        PortMapping.Protocol proto = switch (p.getProtocol() == null ? "TCP" : p.getProtocol()) {
          case "UDP" -> PortMapping.Protocol.UDP;
          case "SCTP" -> PortMapping.Protocol.SCTP;
          default -> PortMapping.Protocol.TCP;
        };
        out.add(new PortMapping(p.getHostPort(), p.getContainerPort(), proto, p.getHostIP()));
      }
    }
    return out;
  }
}
