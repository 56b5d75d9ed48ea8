package io.skiff.runtime.cni;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/**
 * Generates the network configuration lists skiff hands to the plugins: the pod network (bridge + host-local, and
 * portmap when the pod publishes host ports) and the loopback network for {@code lo}.
 */
public final class Conflist {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Conflist() {}

  /**
   * The pod network's conflist.
   *
   * @param config      the network
   * @param ipamDataDir where host-local keeps its reservations (under the runtime's root so it can be cleaned)
   * @param withPortmap whether to chain the portmap plugin (only pods with host ports need it)
   */
  public static ObjectNode podNetwork(NetworkConfig config, Path ipamDataDir, boolean withPortmap) {
    ObjectNode list = JSON.createObjectNode();
    list.put("cniVersion", NetworkConfig.CNI_VERSION);
    list.put("name", config.name());
    ArrayNode plugins = list.putArray("plugins");

    ObjectNode bridge = plugins.addObject();
    bridge.put("type", "bridge");
    bridge.put("bridge", config.bridge());
    bridge.put("isGateway", true);
    bridge.put("ipMasq", config.ipMasq());
    bridge.put("hairpinMode", config.hairpinMode());
    if (config.mtu() > 0) {
      bridge.put("mtu", config.mtu());
    }
    ObjectNode ipam = bridge.putObject("ipam");
    ipam.put("type", "host-local");
    ipam.putArray("ranges").addArray().addObject().put("subnet", config.subnet());
    ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
    ipam.put("dataDir", ipamDataDir.toString());

    if (withPortmap) {
      ObjectNode portmap = plugins.addObject();
      portmap.put("type", "portmap");
      portmap.putObject("capabilities").put("portMappings", true);
      portmap.put("snat", true);
    }
    return list;
  }

  /** The loopback network: brings {@code lo} up in the pod's namespace. */
  public static ObjectNode loopback() {
    ObjectNode list = JSON.createObjectNode();
    list.put("cniVersion", NetworkConfig.CNI_VERSION);
    list.put("name", "cni-loopback");
    list.putArray("plugins").addObject().put("type", "loopback");
    return list;
  }
}
