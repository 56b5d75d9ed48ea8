package io.skiff.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerState;
import io.skiff.runtime.ContainerStatus;
import io.skiff.runtime.HostAlias;
import io.skiff.runtime.PortMapping;
import io.skiff.runtime.SandboxConfig;
import io.skiff.runtime.SandboxStatus;
import io.skiff.testing.Await;
import io.skiff.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RequiresRoot
class PodNetworkIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static RuntimeFixture fx;

  @BeforeAll
  static void setUp() throws Exception {
    fx = RuntimeFixture.start();
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (fx != null) {
      fx.close();
    }
  }

  /** A client container that retries wget until it succeeds, then exits 0 (or 1 after ~10 s). */
  private static String fetch(String url) {
    return "for i in $(seq 1 100); do wget -q -O - " + url + " && exit 0; sleep 0.1; done; exit 1";
  }

  private static ContainerStatus runToExit(SandboxStatus pod, String name, String script) throws Exception {
    ContainerId id = fx.runtime.createContainer(pod.id(), fx.shell(name, script));
    fx.runtime.startContainer(id);
    return Await.until(name + " to exit", WAIT, () -> fx.runtime.containerStatus(id), s -> s.state() == ContainerState.EXITED);
  }

  @Test
  void containersInOneSandboxTalkOverLocalhost() throws Exception {
    SandboxStatus pod = fx.run(fx.pod("localhost"));
    ContainerId server = fx.runtime.createContainer(pod.id(), fx.container("server", "httpd", "-f", "-p", "8080", "-h", "/var/www"));
    fx.runtime.startContainer(server);
    ContainerStatus client = runToExit(pod, "client", fetch("http://127.0.0.1:8080/index.html"));
    assertThat(client.exitCode()).isZero();
    assertThat(Files.readString(client.logPath())).contains("stdout F hello from httpd");
    fx.runtime.removeSandbox(pod.id());
  }

  @Test
  void sandboxesReachEachOtherByPodIp() throws Exception {
    SandboxStatus a = fx.run(fx.pod("pod-a"));
    SandboxStatus b = fx.run(fx.pod("pod-b"));
    assertThat(a.podIp()).isNotEqualTo(b.podIp());
    ContainerId server = fx.runtime.createContainer(a.id(), fx.container("web", "httpd", "-f", "-p", "80", "-h", "/var/www"));
    fx.runtime.startContainer(server);
    ContainerStatus client = runToExit(b, "remote", fetch("http://" + a.podIp() + "/index.html"));
    assertThat(client.exitCode()).isZero();
    assertThat(Files.readString(client.logPath())).contains("hello from httpd");
    fx.runtime.removeSandbox(a.id());
    fx.runtime.removeSandbox(b.id());
  }

  @Test
  void aHostPortReachesThePodThroughPortmap() throws Exception {
    int hostPort = ThreadLocalRandom.current().nextInt(20000, 30000);
    SandboxStatus server = fx.run(fx.pod("published").withPortMappings(List.of(PortMapping.tcp(hostPort, 8000))));
    ContainerId web = fx.runtime.createContainer(server.id(), fx.container("web", "httpd", "-f", "-p", "8000", "-h", "/var/www"));
    fx.runtime.startContainer(web);
    SandboxStatus other = fx.run(fx.pod("visitor"));
    String gateway = fx.subnet.substring(0, fx.subnet.lastIndexOf('.')) + ".1";
    ContainerStatus client = runToExit(other, "visitor", fetch("http://" + gateway + ":" + hostPort + "/index.html"));
    assertThat(client.exitCode()).as("the host port on the bridge's address forwards to the pod").isZero();
    fx.runtime.removeSandbox(server.id());
    fx.runtime.removeSandbox(other.id());
  }

  @Test
  void podFilesCarryTheHostnameAddressAndAliases() throws Exception {
    SandboxConfig cfg = fx.pod("named").withHostname("web-0", "web-0.svc.default.svc.cluster.local")
        .withHostAliases(List.of(new HostAlias("10.1.2.3", List.of("foo.local", "bar"))))
        .withDns(new io.skiff.runtime.DnsConfig(List.of("10.96.0.10"), List.of("default.svc.cluster.local"), List.of("ndots:5")));
    SandboxStatus pod = fx.run(cfg);
    ContainerStatus st = runToExit(pod, "reader", "hostname; cat /etc/hosts /etc/resolv.conf /etc/hostname");
    String log = Files.readString(st.logPath());
    assertThat(log).contains("stdout F web-0")
        .contains("stdout F " + pod.podIp() + "\tweb-0.svc.default.svc.cluster.local\tweb-0")
        .contains("stdout F 10.1.2.3\tfoo.local\tbar")
        .contains("stdout F nameserver 10.96.0.10")
        .contains("stdout F search default.svc.cluster.local")
        .contains("stdout F options ndots:5");
    fx.runtime.removeSandbox(pod.id());
  }

  @Test
  void hostNetworkSkipsTheNamespaceAndSharesTheHostsNetwork() throws Exception {
    SandboxStatus pod = fx.run(fx.pod("hostnet").withHostNetwork(true));
    assertThat(pod.netnsPath()).isNull();
    assertThat(pod.podIp()).isEmpty();
    ContainerStatus st = runToExit(pod, "netns", "readlink /proc/self/ns/net; head -1 /etc/hosts");
    String hostNs = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
    assertThat(Files.readString(st.logPath())).contains("stdout F " + hostNs).contains("host network");
    fx.runtime.removeSandbox(pod.id());
  }
}
