package io.skiff.runtime.cni;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The node's pod network: one Linux bridge, one pod CIDR handed out by host-local IPAM.
 *
 * @param name        the CNI network name (also host-local's subdirectory)
 * @param bridge      the bridge device, at most 15 characters (e.g. {@code skiff0})
 * @param subnet      the pod CIDR, IPv4 (e.g. {@code 10.88.0.0/16}); the bridge gets its first address as gateway
 * @param ipMasq      masquerade traffic leaving the pod CIDR (iptables rules per pod, added and removed by the bridge plugin)
 * @param hairpinMode let a pod reach itself through its own published ports
 * @param mtu         the interfaces' MTU, 0 for the plugin's default
 * @param pluginDirs  where the plugin binaries are ({@code CNI_PATH})
 */
public record NetworkConfig(String name, String bridge, String subnet, boolean ipMasq, boolean hairpinMode, int mtu, List<Path> pluginDirs) {

  private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
  private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  /** The CNI spec version skiff speaks to the plugins. */
  public static final String CNI_VERSION = "1.0.0";

  public NetworkConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(bridge, "bridge");
    Objects.requireNonNull(subnet, "subnet");
    pluginDirs = List.copyOf(pluginDirs == null || pluginDirs.isEmpty() ? List.of(Path.of("/usr/lib/cni")) : pluginDirs);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a CNI network name must be letters, digits, '_', '.' or '-': " + name);
    }
    if (!IFNAME.matcher(bridge).matches()) {
      throw new IllegalArgumentException("a bridge name must be 1..15 letters, digits, '_', '.' or '-': " + bridge);
    }
    var m = CIDR.matcher(subnet);
    if (!m.matches() || Integer.parseInt(m.group(5)) > 30 || Integer.parseInt(m.group(5)) < 8) {
      throw new IllegalArgumentException("the pod subnet must be an IPv4 CIDR with a prefix of 8..30: " + subnet);
    }
    for (int i = 1; i <= 4; i++) {
      if (Integer.parseInt(m.group(i)) > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + subnet);
      }
    }
    if (mtu < 0) {
      throw new IllegalArgumentException("mtu must not be negative");
    }
  }

  /** The default pod network: bridge {@code skiff0}, 10.88.0.0/16, masquerading, Debian's plugin directory. */
  public static NetworkConfig defaults() {
    return new NetworkConfig("skiff", "skiff0", "10.88.0.0/16", true, true, 0, List.of(Path.of("/usr/lib/cni")));
  }

  public NetworkConfig withBridge(String bridgeName, String cidr) {
    return new NetworkConfig(name, bridgeName, cidr, ipMasq, hairpinMode, mtu, pluginDirs);
  }

  public NetworkConfig withIpMasq(boolean value) {
    return new NetworkConfig(name, bridge, subnet, value, hairpinMode, mtu, pluginDirs);
  }

  /** The CNI_PATH value. */
  public String cniPath() {
    return String.join(":", pluginDirs.stream().map(Path::toString).toList());
  }
}
