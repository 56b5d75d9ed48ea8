package io.skiff.apiserver.server;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.apiserver.resource.ResourceTypes;
import io.skiff.apiserver.rest.GenericRegistry;
import io.skiff.common.SkiffException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code pods/log}: finds the container (as Kubernetes, the only one when the pod has one), then streams the node
 * agent's answer to the client as it arrives, so {@code kubectl logs -f} prints lines as they are written.
 */
final class LogProxy {
  private static final List<String> PASSED_ON = List.of("follow", "previous", "timestamps", "tailLines", "sinceSeconds", "sinceTime", "limitBytes");

  private final GenericRegistry nodes;
  private final AgentClient agents;

  LogProxy(Map<io.skiff.apiserver.resource.ResourceType, GenericRegistry> registries, AgentClient agents) {
    this.nodes = registries.get(ResourceTypes.NODES);
    this.agents = agents;
  }

  void stream(Exchange ex, Pod pod) throws IOException {
    String name = pod.getMetadata().getName();
    String container = container(pod, ex.query("container"));
    String nodeName = pod.getSpec().getNodeName();
    if (nodeName == null || nodeName.isEmpty()) {
      throw new SkiffException.BadRequest("pod " + name + " does not have a host assigned");
    }
    Node node = (Node) nodes.store().find(null, nodeName)
        .orElseThrow(() -> new SkiffException.NotFound(new SkiffException.Subject("nodes", nodeName)));
    Map<String, String> query = new LinkedHashMap<>();
    for (String q : PASSED_ON) {
      if (ex.query(q) != null) {
        query.put(q, ex.query(q));
      }
    }
    AgentClient.Answer answer = agents.get(node, "/containerLogs/" + pod.getMetadata().getNamespace() + "/" + name + "/" + container, query);
    try (InputStream in = answer.body()) {
      if (answer.status() != 200) {
        String message = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        throw switch (answer.status()) {
          case 404 -> new SkiffException.NotFound(message);
          case 400 -> new SkiffException.BadRequest(message);
          default -> new SkiffException.Internal("the node agent answered " + answer.status() + ": " + message, null);
        };
      }
      OutputStream out = ex.startStream(200, "text/plain");
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        out.flush();
      }
    }
  }

  /** The container to read: the one named, or the only one; otherwise Kubernetes' error listing the choices. */
  static String container(Pod pod, String requested) {
    List<String> app = pod.getSpec().getContainers().stream().map(Container::getName).toList();
    List<String> init = pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers().stream().map(Container::getName).toList();
    if (requested != null && !requested.isEmpty()) {
      if (!app.contains(requested) && !init.contains(requested)) {
        throw new SkiffException.BadRequest("container " + requested + " is not valid for pod " + pod.getMetadata().getName());
      }
      return requested;
    }
    if (app.size() == 1) {
      return app.get(0);
    }
    String message = "a container name must be specified for pod " + pod.getMetadata().getName() + ", choose one of: " + goList(app);
    if (!init.isEmpty()) {
      message += " or one of the init containers: " + goList(init);
    }
    throw new SkiffException.BadRequest(message);
  }

  private static String goList(List<String> names) {
    return "[" + String.join(" ", names) + "]";
  }
}
