package io.skiff.runtime.sandbox;

import io.skiff.runtime.DnsConfig;
import io.skiff.runtime.HostAlias;
import io.skiff.runtime.SandboxConfig;

/**
 * The content of a pod's /etc/hosts, /etc/resolv.conf and /etc/hostname, laid out as the kubelet writes them.
 */
public final class EtcFiles {
  private EtcFiles() {}

  /**
   * The pod's hosts file: localhost entries, the pod's own address and names, then its host aliases. With host
   * network the node's own hosts file takes the place of the first two parts.
   *
   * @param nodeHosts the node's /etc/hosts, used with host network
   */
  public static String hosts(SandboxConfig pod, String podIp, String nodeHosts) {
    StringBuilder b = new StringBuilder();
    if (pod.hostNetwork()) {
      b.append("# Kubernetes-managed hosts file (host network).\n").append(nodeHosts);
      if (!nodeHosts.isEmpty() && !nodeHosts.endsWith("\n")) {
        b.append('\n');
      }
    } else {
      b.append("# Kubernetes-managed hosts file.\n")
          .append("127.0.0.1\tlocalhost\n")
          .append("::1\tlocalhost ip6-localhost ip6-loopback\n")
          .append("fe00::0\tip6-localnet\n")
          .append("fe00::0\tip6-mcastprefix\n")
          .append("fe00::1\tip6-allnodes\n")
          .append("fe00::2\tip6-allrouters\n");
      if (podIp != null && !podIp.isEmpty()) {
        b.append(podIp).append('\t');
        if (!pod.fqdn().isEmpty()) {
          b.append(pod.fqdn()).append('\t');
        }
        b.append(pod.hostname()).append('\n');
      }
    }
    if (!pod.hostAliases().isEmpty()) {
      b.append("\n# Entries added by HostAliases.\n");
      for (HostAlias alias : pod.hostAliases()) {
        b.append(alias.ip()).append('\t').append(String.join("\t", alias.hostnames())).append('\n');
      }
    }
    return b.toString();
  }

  /** The pod's resolv.conf, or the node's when the pod has no DNS config of its own. */
  public static String resolvConf(DnsConfig dns, String nodeResolvConf) {
    if (dns == null) {
      return nodeResolvConf;
    }
    StringBuilder b = new StringBuilder();
    if (!dns.searches().isEmpty()) {
      b.append("search ").append(String.join(" ", dns.searches())).append('\n');
    }
    for (String server : dns.servers()) {
      b.append("nameserver ").append(server).append('\n');
    }
    if (!dns.options().isEmpty()) {
      b.append("options ").append(String.join(" ", dns.options())).append('\n');
    }
    return b.toString();
  }

  /** The hostname file: the hostname and a newline. */
  public static String hostname(String hostname) {
    return hostname + "\n";
  }
}
