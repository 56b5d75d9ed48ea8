package io.skiff.cli;

import io.skiff.runtime.host.CommandLine;
import io.skiff.runtime.host.CommandResult;
import io.skiff.runtime.host.ProcessRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A test's "machines on one LAN": a bridge in the host holding {@code PREFIX.1/24} and N network namespaces, each joined
 * to the bridge by a veth whose inner end {@code eth0} holds {@code PREFIX.(10+i)/24} with the host as default gateway.
 * A host FORWARD rule lets the bridge's traffic through whatever the host's firewall policy is (with br_netfilter,
 * bridged frames pass iptables). Closing kills what still runs in the namespaces and removes everything it made.
 */
final class Underlay implements AutoCloseable {
  private static final Duration T = Duration.ofSeconds(20);
  private final ProcessRunner runner = new ProcessRunner();
  private final String tag;
  private final String prefix;
  private final String bridge;
  private final List<String> namespaces = new ArrayList<>();
  private boolean forwardRule;

  /**
   * @param tag    a short unique tag (at most 8 characters) for device and namespace names
   * @param prefix the first three octets of the /24, e.g. {@code 10.151.7}
   */
  private Underlay(String tag, String prefix) {
    this.tag = tag;
    this.prefix = prefix;
    this.bridge = "skmn" + tag;
  }

  static Underlay create(String tag, String prefix, int machines) {
    Underlay u = new Underlay(tag, prefix);
    try {
      u.run("ip", "link", "add", u.bridge, "type", "bridge");
      u.run("ip", "addr", "add", u.hostIp() + "/24", "dev", u.bridge);
      u.run("ip", "link", "set", u.bridge, "up");
      u.run(u.forwardRule("-I"));
      u.forwardRule = true;
      for (int i = 0; i < machines; i++) {
        String ns = "skmn-" + tag + "-" + i;
        String hostEnd = "skmv" + tag + i;
        u.run("ip", "netns", "add", ns);
        u.namespaces.add(ns);
        u.run("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", "eth0", "netns", ns);
        u.run("ip", "link", "set", hostEnd, "master", u.bridge, "up");
        u.run("ip", "-n", ns, "addr", "add", u.ip(i) + "/24", "dev", "eth0");
        u.run("ip", "-n", ns, "link", "set", "eth0", "up");
        u.run("ip", "-n", ns, "link", "set", "lo", "up");
        u.run("ip", "-n", ns, "route", "add", "default", "via", u.hostIp());
      }
      return u;
    } catch (RuntimeException | Error e) {
      u.close();
      throw e;
    }
  }

  private List<String> forwardRule(String op) {
    return List.of("iptables", "-w", "5", op, "FORWARD", "-i", bridge, "-o", bridge, "-m", "comment", "--comment", "skiff-test-" + tag, "-j",
        "ACCEPT");
  }

  String hostIp() {
    return prefix + ".1";
  }

  /** The address of machine {@code i} (0-based). */
  String ip(int i) {
    return prefix + "." + (10 + i);
  }

  String netns(int i) {
    return namespaces.get(i);
  }

  /** The namespace's file, for {@code nsenter --net=…}. */
  String netnsPath(int i) {
    return "/run/netns/" + netns(i);
  }

  /** Runs a program inside machine {@code i}'s network namespace. */
  CommandResult exec(int i, Duration timeout, String... argv) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns(i)));
    cmd.addAll(List.of(argv));
    return runner.run(CommandLine.of(timeout, cmd));
  }

  private void run(String... argv) {
    run(List.of(argv));
  }

  private void run(List<String> argv) {
    runner.runChecked(CommandLine.of(T, argv));
  }

  /** Kills every process left in the namespaces (agents, conmon), then removes namespaces, veths, bridge and rule. */
  @Override
  public void close() {
    for (String ns : namespaces) {
      CommandResult pids = runner.run(CommandLine.of(T, "ip", "netns", "pids", ns));
      for (String pid : pids.stdoutText().split("\\s+")) {
        if (!pid.isBlank()) {
          ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
      runner.run(CommandLine.of(T, "ip", "netns", "del", ns));
    }
    for (int i = 0; i < namespaces.size(); i++) {
      runner.run(CommandLine.of(T, "ip", "link", "del", "skmv" + tag + i));
    }
    namespaces.clear();
    runner.run(CommandLine.of(T, "ip", "link", "del", bridge));
    if (forwardRule) {
      runner.run(CommandLine.of(T, forwardRule("-D")));
      forwardRule = false;
    }
  }
}
