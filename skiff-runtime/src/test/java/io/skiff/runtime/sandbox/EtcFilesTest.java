package io.skiff.runtime.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.runtime.DnsConfig;
import io.skiff.runtime.HostAlias;
import io.skiff.runtime.SandboxConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtcFilesTest {
  private final SandboxConfig pod = SandboxConfig.of("uid", "default", "web-0");

  @Test
  void hostsHasLocalhostThenThePodsAddressAndName() {
    assertThat(EtcFiles.hosts(pod, "10.88.0.5", "ignored")).isEqualTo("""
        # Kubernetes-managed hosts file.
        127.0.0.1\tlocalhost
        ::1\tlocalhost ip6-localhost ip6-loopback
        fe00::0\tip6-localnet
        fe00::0\tip6-mcastprefix
        fe00::1\tip6-allnodes
        fe00::2\tip6-allrouters
        10.88.0.5\tweb-0
        """);
  }

  @Test
  void hostsPutsTheFqdnBeforeTheHostnameAndAppendsAliases() {
    SandboxConfig p = pod.withHostname("web-0", "web-0.web.default.svc.cluster.local")
        .withHostAliases(List.of(new HostAlias("1.2.3.4", List.of("a", "b"))));
    assertThat(EtcFiles.hosts(p, "10.88.0.5", "")).contains("10.88.0.5\tweb-0.web.default.svc.cluster.local\tweb-0\n")
        .endsWith("\n# Entries added by HostAliases.\n1.2.3.4\ta\tb\n");
  }

  @Test
  void hostNetworkPodsGetTheNodesHostsFile() {
    assertThat(EtcFiles.hosts(pod.withHostNetwork(true), "", "127.0.0.1 localhost\n10.0.0.1 node"))
        .isEqualTo("# Kubernetes-managed hosts file (host network).\n127.0.0.1 localhost\n10.0.0.1 node\n");
  }

  @Test
  void resolvConfListsSearchesServersAndOptions() {
    DnsConfig dns = new DnsConfig(List.of("10.96.0.10", "10.96.0.11"), List.of("ns.svc.cluster.local", "svc.cluster.local"), List.of("ndots:5"));
    assertThat(EtcFiles.resolvConf(dns, "ignored")).isEqualTo("""
        search ns.svc.cluster.local svc.cluster.local
        nameserver 10.96.0.10
        nameserver 10.96.0.11
        options ndots:5
        """);
  }

  @Test
  void withoutDnsConfigTheNodesResolvConfIsCopied() {
    assertThat(EtcFiles.resolvConf(null, "nameserver 9.9.9.9\n")).isEqualTo("nameserver 9.9.9.9\n");
    assertThat(EtcFiles.hostname("web-0")).isEqualTo("web-0\n");
  }
}
