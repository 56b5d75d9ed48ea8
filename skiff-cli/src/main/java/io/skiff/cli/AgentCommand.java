package io.skiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.skiff.apiserver.pki.Pki;
import io.skiff.common.net.Ipv4Cidr;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code skiff agent --server URL --token TOKEN}: a node agent joining a skiff server, as k3s's agent joins: it
 * downloads the cluster CA and checks it against the hash the token pins, gets a serving certificate issued by that
 * CA, and then runs pods bound to its node, talking to the API with the token.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, description = "Join a skiff server as a node and run the pods bound to it.")
final class AgentCommand implements Callable<Integer> {

  @Mixin
  JoinOptions joining;

  @Option(names = "--data-dir", description = "The agent's state (default: /var/lib/skiff-agent as root, ~/.local/share/skiff-agent otherwise).")
  Path dataDir;

  @Option(names = "--node-name", description = "The node's name (default: the host name).")
  String nodeName;

  @Option(names = "--node-ip", defaultValue = "127.0.0.1", description = "The node's address, where its agent listens (default: ${DEFAULT-VALUE}).")
  String nodeIp;

  @Option(names = "--kubelet-port", defaultValue = "10250", description = "HTTPS port of the agent's API (default: ${DEFAULT-VALUE}).")
  int kubeletPort;

  @Option(names = "--pod-cidr", description = "This node's pod network, instead of the block the server assigns from its --cluster-cidr "
      + "(for a server that assigns none; the kubelet's flag of that name serves standalone mode).")
  String podCidr;

  @Option(names = "--cluster-cidr", defaultValue = "10.42.0.0/16", description = "The cluster's pod network, as the server's --cluster-cidr: "
      + "pod traffic to it is routed to the other nodes, not masqueraded (default: ${DEFAULT-VALUE}).")
  String clusterCidr = "10.42.0.0/16";

  @Option(names = "--cgroup-root", defaultValue = "/skiff", description = "The cgroupfs parent of this node's pods (default: ${DEFAULT-VALUE}).")
  String cgroupRoot = "/skiff";

  @Option(names = "--bridge", defaultValue = "skiff1", description = "The pod network's bridge on this host (default: ${DEFAULT-VALUE}).")
  String bridge;

  @Option(names = "--no-install", description = "Do not install missing runtime packages with apt-get.")
  boolean noInstall;

  @Override
  public Integer call() throws Exception {
    String joinToken = joining.joinToken().orElse(null);
    if (joinToken == null) {
      System.err.println("skiff agent: --token or --token-file is required");
      return 2;
    }
    try {
      if (podCidr != null) {
        Ipv4Cidr.parse(podCidr);
      }
      Ipv4Cidr.parse(clusterCidr);
    } catch (IllegalArgumentException e) {
      System.err.println("skiff agent: " + e.getMessage());
      return 2;
    }
    Path dir = (dataDir != null ? dataDir : DataDirs.defaultDir().resolveSibling(DataDirs.defaultDir().getFileName() + "-agent")).toAbsolutePath();
    String name = nodeName != null ? nodeName : LocalNode.hostName();
    LocalNode node;
    try {
      node = join(joining.serverUrl(), joinToken, dir, name, System.out);
    } catch (JoinException e) {
      System.err.println("skiff agent: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "skiff-agent-shutdown"));
    System.out.println("skiff agent: node " + name + " joined " + joining.server);
    stopped.await();
    return 0;
  }

  /** A refusal to join, with a message for the user. */
  static final class JoinException extends Exception {
    JoinException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  LocalNode join(URI serverUrl, String joinToken, Path dir, String name, PrintStream out) throws Exception {
    Path tls = Files.createDirectories(dir.resolve("tls"));
    String caPem = ClusterCa.fetch(serverUrl, joinToken);
    Pki.write(tls.resolve("ca.crt"), caPem, false);
    SSLContext trusted = ClusterCa.sslTrusting(caPem);
    HttpClient http = HttpClient.newBuilder().sslContext(trusted).build();
    String query = "?node=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&ip=" + URLEncoder.encode(nodeIp, StandardCharsets.UTF_8);
    HttpResponse<String> issued = http.send(HttpRequest.newBuilder(serverUrl.resolve("/skiff/v1/serving-certificate" + query))
        .header("Authorization", "Bearer " + joinToken).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    if (issued.statusCode() == 401) {
      throw new JoinException("the server refused the token (401 Unauthorized)", null);
    }
    if (issued.statusCode() != 200) {
      throw new JoinException("the server did not issue a serving certificate: " + issued.statusCode() + " " + issued.body(), null);
    }
    JsonNode body = new ObjectMapper().readTree(issued.body());
    Pki.write(tls.resolve("agent-serving.crt"), body.path("certificate").asText(), false);
    Pki.write(tls.resolve("agent-serving.key"), body.path("key").asText(), true);
    KubernetesClient client = ClusterCa.client(serverUrl, joinToken, caPem);
    return LocalNode.agentOnly(client, new LocalNode.AgentSetup(dir, name, nodeIp, kubeletPort, tls, podCidr, Ipv4Cidr.parse(clusterCidr), bridge,
        cgroupRoot, !noInstall), out);
  }

}
