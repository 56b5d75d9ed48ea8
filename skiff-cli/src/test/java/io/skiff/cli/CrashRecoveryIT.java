package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.skiff.testing.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** kill -9 of {@code skiff up} during a stream of creates loses no acknowledged object, and revisions keep growing. */
class CrashRecoveryIT {

  @Test
  void killedServerKeepsEveryAcknowledgedCreate() throws Exception {
    Path dataDir = Files.createTempDirectory("skiff-crash-it");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process first = startSkiff(dataDir, port);
    List<String> acknowledged = new CopyOnWriteArrayList<>();
    long lastRevision;
    try (KubernetesClient client = client(dataDir)) {
      AtomicBoolean stop = new AtomicBoolean();
      Thread writer = Thread.ofVirtual().start(() -> {
        for (int i = 0; !stop.get(); i++) {
          String name = "crash-" + i;
          try {
            client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                .addToData("i", Integer.toString(i)).build()).create();
            acknowledged.add(name);
          } catch (RuntimeException e) {
            return;
          }
        }
      });
      Await.until("some acknowledged creates", Duration.ofSeconds(30), () -> acknowledged.size() >= 100);
      lastRevision = Long.parseLong(client.configMaps().inNamespace("default").list().getMetadata().getResourceVersion());
      first.destroyForcibly().waitFor();
      stop.set(true);
      writer.join(10_000);
    }
    Process second = startSkiff(dataDir, port);
    try (KubernetesClient client = client(dataDir)) {
      var items = client.configMaps().inNamespace("default").list();
      List<String> names = items.getItems().stream().map(c -> c.getMetadata().getName()).toList();
      assertThat(names).containsAll(new ArrayList<>(acknowledged));
      var created = client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("after-restart")
          .endMetadata().build()).create();
      assertThat(Long.parseLong(created.getMetadata().getResourceVersion())).isGreaterThan(lastRevision);
    } finally {
      second.destroy();
      second.waitFor();
      TestFiles.deleteTree(dataDir);
    }
  }

  private static KubernetesClient client(Path dataDir) throws Exception {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(dataDir.resolve("kubeconfig.yaml")))).build();
  }

  /** Starts {@code java -jar skiff.jar up} and waits for its "skiff is up" line. */
  private static Process startSkiff(Path dataDir, int port) throws Exception {
    Path jar = Path.of("target", "skiff.jar").toAbsolutePath();
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-jar", jar.toString(), "up", "--disable-agent", "--data-dir", dataDir.toString(), "--port", Integer.toString(port))
        .redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String line;
    while ((line = out.readLine()) != null) {
      seen.add(line);
      if (line.startsWith("skiff is up")) {
        Thread.ofVirtual().start(() -> {
          try {
            while (out.readLine() != null) {
              // drain
            }
          } catch (java.io.IOException e) {
            // process ended
          }
        });
        return p;
      }
      if (System.nanoTime() > deadline) {
        break;
      }
    }
    p.destroyForcibly();
    throw new AssertionError("skiff up did not start: " + seen);
  }
}
