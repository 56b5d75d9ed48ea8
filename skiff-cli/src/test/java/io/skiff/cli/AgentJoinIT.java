package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.skiff.images.testing.LocalRegistry;
import io.skiff.images.testing.TestImages;
import io.skiff.testing.Await;
import io.skiff.testing.RequiresRoot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** {@code skiff agent}: a node joins a server with its token, runs a pod bound to it, and serves its logs to kubectl. */
class AgentJoinIT {

  private static AgentCommand agent(String bridge, String cidr) {
    AgentCommand cmd = new AgentCommand();
    cmd.nodeIp = "127.0.0.1";
    cmd.kubeletPort = 0;
    cmd.podCidr = cidr;
    cmd.bridge = bridge;
    cmd.noInstall = true;
    return cmd;
  }

  @Test
  void tokenThatPinsAnotherCaIsRefused() throws Exception {
    Path dir = Files.createTempDirectory("skiff-agent-token-it");
    try (ControlPlane plane = ControlPlane.start(new ControlPlane.Config(dir.resolve("cp"), "127.0.0.1", 0, null))) {
      String token = Files.readString(dir.resolve("cp/token")).strip();
      String wrong = "K10" + "0".repeat(64) + token.substring(67);
      assertThatThrownBy(() -> agent("skiffx0", "10.201.0.0/24").join(URI.create(plane.url()), wrong, dir.resolve("agent"), "n", System.out))
          .isInstanceOf(AgentCommand.JoinException.class)
          .hasMessageContaining("does not match the token");
      assertThatThrownBy(() -> agent("skiffx0", "10.201.0.0/24").join(URI.create(plane.url()), "not-a-token", dir.resolve("agent"), "n", System.out))
          .isInstanceOf(AgentCommand.JoinException.class)
          .hasMessageContaining("does not have the shape");
    } finally {
      TestFiles.deleteTree(dir);
    }
  }

  @Test
  @RequiresRoot
  void agentJoinsWithTheTokenRunsAPodAndServesItsLogs() throws Exception {
    String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    Path dir = Files.createDirectories(Path.of("/tmp/ska-" + tag));
    String bridge = "ska" + tag;
    String cidr = "10." + ThreadLocalRandom.current().nextInt(100, 250) + "." + ThreadLocalRandom.current().nextInt(0, 255) + ".0/24";
    LocalRegistry registry = LocalRegistry.start(dir.resolve("reg"), LocalRegistry.Auth.NONE);
    ControlPlane plane = ControlPlane.start(new ControlPlane.Config(dir.resolve("cp"), "127.0.0.1", 0, null));
    LocalNode node = null;
    Config config = Config.fromKubeconfig(Files.readString(plane.kubeconfig()));
    config.setOnlyHttpWatches(true);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      TestImages.buildAndPush(Files.createDirectories(dir.resolve("layouts")), TestImages.image().layer(TestImages.busybox()).cmd("/bin/sh"),
          registry, "library/busybox:1.36");
      Path agentDir = Files.createDirectories(dir.resolve("agent"));
      Files.writeString(agentDir.resolve("registries.yaml"), """
          mirrors:
            docker.io:
              endpoint:
                - "http://%s"
          """.formatted(registry.host()));
      String token = Files.readString(dir.resolve("cp/token")).strip();
      ByteArrayOutputStream said = new ByteArrayOutputStream();
      node = agent(bridge, cidr).join(URI.create(plane.url()), token, agentDir, "joined-" + tag, new PrintStream(said));

      Await.until("the joined node to be Ready", Duration.ofSeconds(60), () -> {
        var n = client.nodes().withName("joined-" + tag).get();
        return n != null && n.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
      });
      Pod pod = new PodBuilder().withNewMetadata().withName("hello").endMetadata().withNewSpec().withNodeName("joined-" + tag)
          .withRestartPolicy("Never").addNewContainer().withName("hello").withImage("busybox:1.36").withCommand("/bin/sh", "-c", "echo joined")
          .endContainer().endSpec().build();
      client.pods().inNamespace("default").resource(pod).create();
      Await.until("the pod to succeed", Duration.ofSeconds(60), () -> client.pods().inNamespace("default").withName("hello").get(),
          p -> p != null && "Succeeded".equals(p.getStatus().getPhase()));
      Kubectl.Result logs = new Kubectl(Kubectl.NEWEST, plane.kubeconfig(), Files.createDirectories(dir.resolve("kubectl"))).run("logs", "hello");
      assertThat(logs.code()).as(logs.all()).isZero();
      assertThat(logs.out()).isEqualTo("joined\n");

      client.pods().inNamespace("default").withName("hello").delete();
      Await.until("the pod to be gone", Duration.ofSeconds(60), () -> client.pods().inNamespace("default").withName("hello").get() == null);
    } finally {
      if (node != null) {
        node.close();
      }
      plane.close();
      registry.close();
      new ProcessBuilder("ip", "link", "del", bridge).start().waitFor();
      TestFiles.unmountAndDeleteTree(dir);
    }
  }
}
