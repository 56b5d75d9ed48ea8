package io.skiff.kubelet.hostgw;

import io.skiff.common.SkiffException;
import io.skiff.common.net.Ipv4Cidr;
import io.skiff.runtime.host.CommandLine;
import io.skiff.runtime.host.CommandResult;
import io.skiff.runtime.host.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's side of pod traffic: IPv4 forwarding on (in the agent's network namespace), and one masquerade rule,
 * {@code -s POD_CIDR ! -d CLUSTER_CIDR -j MASQUERADE}, so that pods reach beyond the cluster with the node's address
 * while pod-to-pod traffic between nodes keeps its pod source addresses (as flannel's rules do). The pod network's
 * bridge plugin then runs with {@code ipMasq: false}: its own rule would masquerade everything outside the node's CIDR.
 */
public final class PodEgress {
  static final String COMMENT = "skiff: pod traffic leaving the cluster network";
  private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

  private final ProcessRunner runner;
  private final Duration timeout;

  public PodEgress(ProcessRunner runner, Duration timeout) {
    this.runner = runner;
    this.timeout = timeout;
  }

  /** Turns forwarding on and adds the masquerade rule unless it is there. */
  public void ensure(Ipv4Cidr podCidr, Ipv4Cidr clusterCidr) {
    try {
      if (!Files.readString(IP_FORWARD).strip().equals("1")) {
        Files.writeString(IP_FORWARD, "1\n");
      }
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot enable IPv4 forwarding (" + IP_FORWARD + "): " + e.getMessage(), e);
    }
    CommandResult present = runner.run(CommandLine.of(timeout, iptables("-C", podCidr, clusterCidr)));
    if (!present.succeeded()) {
      runner.runChecked(CommandLine.of(timeout, iptables("-A", podCidr, clusterCidr)));
    }
  }

  static List<String> iptables(String op, Ipv4Cidr podCidr, Ipv4Cidr clusterCidr) {
    List<String> argv = new ArrayList<>(List.of("iptables", "-w", "5", "-t", "nat", op, "POSTROUTING", "-s", podCidr.toString()));
    if (!clusterCidr.contains(podCidr)) {
      throw new IllegalArgumentException("the pod CIDR " + podCidr + " is not inside the cluster CIDR " + clusterCidr);
    }
    argv.addAll(List.of("!", "-d", clusterCidr.toString(), "-m", "comment", "--comment", COMMENT, "-j", "MASQUERADE"));
    return argv;
  }
}
