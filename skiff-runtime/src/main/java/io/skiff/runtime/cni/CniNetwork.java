package io.skiff.runtime.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.common.SkiffException;
import io.skiff.runtime.PortMapping;
import io.skiff.runtime.host.CommandLine;
import io.skiff.runtime.host.CommandResult;
import io.skiff.runtime.host.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Attaches pods to the node's pod network and detaches them, running the CNI plugins as the spec describes:
 * ADD runs the list's plugins in order, each getting the previous one's result as {@code prevResult}; DEL runs them
 * in reverse order with the cached ADD result. The loopback network brings up {@code lo} first.
 */
public final class CniNetwork {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NetworkConfig config;
  private final Path ipamDataDir;
  private final ProcessRunner runner;
  private final Duration timeout;

  public CniNetwork(NetworkConfig config, Path ipamDataDir, ProcessRunner runner, Duration timeout) {
    this.config = config;
    this.ipamDataDir = ipamDataDir;
    this.runner = runner;
    this.timeout = timeout;
  }

  public NetworkConfig config() {
    return config;
  }

  /**
   * Runs ADD for the loopback and the pod network — side by side, since they are separate networks on separate
   * interfaces; on failure whatever was added is deleted again.
   */
  public CniResult attach(CniAttachment a) {
    ObjectNode loopback = Conflist.loopback();
    ObjectNode list = Conflist.podNetwork(config, ipamDataDir, !a.portMappings().isEmpty());
    CompletableFuture<JsonNode> lo = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        lo.complete(add(loopback, a, "lo"));
      } catch (RuntimeException e) {
        lo.completeExceptionally(e);
      }
    });
    JsonNode result = null;
    try {
      result = add(list, a, a.ifName());
      return new CniResult(list, result, lo.join(), CniResult.podIp(result));
    } catch (RuntimeException e) {
      RuntimeException failure = e instanceof CompletionException ce && ce.getCause() instanceof RuntimeException re ? re : e;
      try {
        lo.exceptionally(t -> null).join();
        delete(list, a, a.ifName(), result);
        delete(loopback, a, "lo", null);
      } catch (RuntimeException cleanup) {
        failure.addSuppressed(cleanup);
      }
      throw failure;
    }
  }

  /**
   * Runs DEL for the pod network and the loopback, with the conflist and results of the ADD when they are known
   * ({@code cached == null} after a crash between ADD and saving its result: the current conflist is used).
   * Every plugin is called even when one fails; the first failure is thrown at the end.
   */
  public void detach(CniAttachment a, CniResult cached) {
    JsonNode list = cached != null ? cached.conflist() : Conflist.podNetwork(config, ipamDataDir, !a.portMappings().isEmpty());
    RuntimeException first = null;
    try {
      delete(list, a, a.ifName(), cached == null ? null : cached.result());
    } catch (RuntimeException e) {
      first = e;
    }
    try {
      delete(Conflist.loopback(), a, "lo", cached == null ? null : cached.loopbackResult());
    } catch (RuntimeException e) {
      if (first == null) {
        first = e;
      } else {
        first.addSuppressed(e);
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private JsonNode add(JsonNode list, CniAttachment a, String ifName) {
    JsonNode prev = null;
    for (JsonNode plugin : list.path("plugins")) {
      ObjectNode conf = pluginConfig(list, plugin, prev, a);
      prev = parse(invoke("ADD", conf, a, ifName), plugin);
    }
    if (prev == null) {
      throw new SkiffException.Internal("the CNI network " + list.path("name").asText() + " has no plugins", null);
    }
    return prev;
  }

  private void delete(JsonNode list, CniAttachment a, String ifName, JsonNode cachedResult) {
    List<JsonNode> plugins = new ArrayList<>();
    list.path("plugins").forEach(plugins::add);
    RuntimeException first = null;
    for (int i = plugins.size() - 1; i >= 0; i--) {
      try {
        invoke("DEL", pluginConfig(list, plugins.get(i), cachedResult, a), a, ifName);
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** The plugin's own object plus the list's name and version, {@code prevResult}, and {@code runtimeConfig} for its capabilities. */
  static ObjectNode pluginConfig(JsonNode list, JsonNode plugin, JsonNode prevResult, CniAttachment a) {
    ObjectNode conf = plugin.deepCopy();
    conf.put("cniVersion", list.path("cniVersion").asText());
    conf.put("name", list.path("name").asText());
    if (prevResult != null) {
      conf.set("prevResult", prevResult);
    }
    if (plugin.path("capabilities").path("portMappings").asBoolean(false) && !a.portMappings().isEmpty()) {
      ArrayNode maps = conf.putObject("runtimeConfig").putArray("portMappings");
      for (PortMapping pm : a.portMappings()) {
        ObjectNode m = maps.addObject();
        m.put("hostPort", pm.hostPort());
        m.put("containerPort", pm.containerPort());
        m.put("protocol", pm.protocol().cniName());
        if (!pm.hostIp().isEmpty()) {
          m.put("hostIP", pm.hostIp());
        }
      }
    }
    return conf;
  }

  private CommandResult invoke(String command, ObjectNode conf, CniAttachment a, String ifName) {
    String type = conf.path("type").asText();
    Path binary = find(type);
    Map<String, String> env = new HashMap<>();
    env.put("CNI_COMMAND", command);
    env.put("CNI_CONTAINERID", a.containerId());
    env.put("CNI_NETNS", a.netnsPath().toString());
    env.put("CNI_IFNAME", ifName);
    env.put("CNI_PATH", config.cniPath());
    env.put("CNI_ARGS", a.cniArgs());
    env.putIfAbsent("PATH", System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
    byte[] stdin;
    try {
      stdin = JSON.writeValueAsBytes(conf);
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot encode the CNI configuration", e);
    }
    CommandResult r = runner.run(new CommandLine(List.of(binary.toString()), env, stdin, timeout, null));
    if (!r.succeeded()) {
      throw new SkiffException.Internal("CNI plugin " + type + " " + command + " for " + a.containerId() + " failed: " + error(r), null);
    }
    return r;
  }

  private static String error(CommandResult r) {
    try {
      JsonNode e = JSON.readTree(r.stdout());
      if (e != null && e.has("msg")) {
        String details = e.path("details").asText("");
        return "code " + e.path("code").asInt() + ": " + e.path("msg").asText() + (details.isEmpty() ? "" : " (" + details + ")");
      }
    } catch (IOException ignored) {
      // Not the JSON error object the spec asks for; fall back to the raw output.
    }
    return r.describe() + " " + r.stdoutText().strip();
  }

  private static JsonNode parse(CommandResult r, JsonNode plugin) {
    try {
      return JSON.readTree(r.stdout());
    } catch (IOException e) {
      throw new SkiffException.Internal("CNI plugin " + plugin.path("type").asText() + " printed no result JSON: " + r.stdoutText(), e);
    }
  }

  private Path find(String type) {
    if (!type.matches("[A-Za-z0-9_.-]+")) {
      throw new SkiffException.Internal("not a CNI plugin type: " + type, null);
    }
    for (Path dir : config.pluginDirs()) {
      Path p = dir.resolve(type);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new SkiffException.Unavailable("the CNI plugin '" + type + "' is not in " + config.cniPath()
        + " (Debian package containernetworking-plugins)", null);
  }
}
