package io.skiff.apiserver.server;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.apiserver.resource.ResourceType;
import io.skiff.apiserver.resource.ResourceTypes;
import io.skiff.apiserver.rest.GenericRegistry;
import io.skiff.common.SkiffException;
import io.skiff.streams.Upgrades;
import io.skiff.streams.UpgradedConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;

/**
 * {@code pods/exec}, {@code pods/attach} and {@code pods/portforward}: checks the request as kube-apiserver and
 * kubectl do (the pod, its container, its node, its phase), passes the protocol switch on to the pod's node agent,
 * and, once the agent has switched, relays bytes both ways without looking at them, so WebSocket and SPDY alike pass
 * through. The agent's refusals come back as Status objects. Any authenticated user may stream (skiff has no
 * authorization yet).
 */
final class StreamProxy {
  private final GenericRegistry nodes;
  private final AgentClient agents;

  StreamProxy(Map<ResourceType, GenericRegistry> registries, AgentClient agents) {
    this.nodes = registries.get(ResourceTypes.NODES);
    this.agents = agents;
  }

  void serve(Exchange ex, Pod pod, String subresource) {
    if (!ex.method().equals("GET") && !ex.method().equals("POST")) {
      throw new SkiffException.MethodNotAllowed("the server does not allow this method on the requested resource");
    }
    String name = pod.getMetadata().getName();
    String namespace = pod.getMetadata().getNamespace();
    String container = subresource.equals("portforward") ? null : LogProxy.container(pod, ex.query("container"));
    String nodeName = pod.getSpec().getNodeName();
    if (nodeName == null || nodeName.isEmpty()) {
      throw new SkiffException.BadRequest("pod " + name + " does not have a host assigned");
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      throw new SkiffException.BadRequest(switch (subresource) {
        case "exec" -> "cannot exec into a container in a completed pod; current phase is " + phase;
        case "attach" -> "cannot attach a container in a completed pod; current phase is " + phase;
        default -> "unable to forward port because pod is not running. Current status=" + phase;
      });
    }
    if (!Upgrades.asksAny(ex.request())) {
      throw new SkiffException.BadRequest("Upgrade request required");
    }
    Node node = (Node) nodes.store().find(null, nodeName)
        .orElseThrow(() -> new SkiffException.NotFound(new SkiffException.Subject("nodes", nodeName)));
    String target = switch (subresource) {
      case "portforward" -> "/portForward/" + enc(namespace) + "/" + enc(name);
      default -> "/" + subresource + "/" + enc(namespace) + "/" + enc(name) + "/" + enc(container);
    } + (ex.request().getHttpURI().getQuery() == null ? "" : "?" + ex.request().getHttpURI().getQuery());
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (HttpField f : ex.request().getHeaders()) {
      if (AgentTunnel.passedOn(f.getName())) {
        headers.add(new AbstractMap.SimpleImmutableEntry<>(f.getName(), f.getValue()));
      }
    }
    Socket socket = agents.connect(node);
    AgentTunnel.Answer answer = AgentTunnel.open(socket, ex.method(), target, socket.getInetAddress().getHostAddress() + ":" + socket.getPort(), headers);
    switch (answer) {
      case AgentTunnel.Answer.Refused r -> throw switch (r.status()) {
        case 404 -> new SkiffException.NotFound(r.body());
        case 400 -> new SkiffException.BadRequest(r.body());
        case 403 -> new SkiffException.Forbidden(r.body());
        default -> new SkiffException.Internal("error " + subresource + " in pod " + name + ": the node agent answered " + r.status() + ": " + r.body(), null);
      };
      case AgentTunnel.Answer.Switched s -> {
        Map<String, String> back = new LinkedHashMap<>();
        s.headers().forEach((k, v) -> {
          if (AgentTunnel.passedOn(k) || k.equalsIgnoreCase("Sec-WebSocket-Accept")) {
            back.put(k, v);
          }
        });
        Upgrades.switchProtocols(ex.request(), ex.response(), back, client -> relay(client, s.socket(), s.input()));
      }
    }
  }

  /** Bytes both ways until either side ends; then both connections close. */
  private static void relay(UpgradedConnection client, Socket agent, InputStream fromAgent) {
    Thread up = Thread.ofVirtual().name("relay-up").start(() -> {
      try {
        copy(client.input(), agent.getOutputStream());
      } catch (IOException e) {
        // either side went away
      } finally {
        closeQuietly(agent);
      }
    });
    try {
      copy(fromAgent, client.output());
    } catch (IOException e) {
      // either side went away
    } finally {
      closeQuietly(agent);
      client.close();
      try {
        up.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[32 * 1024];
    int n;
    while ((n = in.read(buf)) >= 0) {
      if (n > 0) {
        out.write(buf, 0, n);
        out.flush();
      }
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closed already
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
