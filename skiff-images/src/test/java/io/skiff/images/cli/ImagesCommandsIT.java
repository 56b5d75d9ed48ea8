package io.skiff.images.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.images.ImagesConfig;
import io.skiff.images.LocalImageService;
import io.skiff.images.config.RegistriesConfig;
import io.skiff.images.ref.ImageRef;
import io.skiff.images.registry.RegistryClientConfig;
import io.skiff.images.testing.LocalRegistry;
import io.skiff.images.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code skiff images} subcommands end to end on a store, a registry, an OCI layout and a docker-archive tar. */
@Tag("registry")
class ImagesCommandsIT {
  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private ImagesCommands commands() {
    return new ImagesCommands(config(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
  }

  private ImagesConfig config() {
    return new ImagesConfig(dir.resolve("data/images"), RegistriesConfig.EMPTY, RegistryClientConfig.DEFAULT, 3);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void pullListInspectRemoveAndPrune() throws Exception {
    try (LocalRegistry registry = LocalRegistry.start(dir.resolve("reg"), LocalRegistry.Auth.NONE)) {
      TestImages.Written w = TestImages.buildAndPush(dir, TestImages.image().layer(TestImages.busybox()).layer(TestImages.bash()),
          registry, "cli/app:1");
      String ref = registry.host() + "/cli/app:1";

      assertThat(commands().pull(ref)).isZero();
      assertThat(out()).contains("to download").contains("downloaded").contains("unpacked in").contains("pulled " + ref)
          .contains(registry.host() + "/cli/app@" + w.target());

      out.reset();
      assertThat(commands().list()).isZero();
      assertThat(out()).contains("IMAGE").contains(registry.host() + "/cli/app").contains(w.config().shortHex());

      out.reset();
      assertThat(commands().inspect(ref)).isZero();
      assertThat(out()).contains("\"cmd\" : [ \"sh\" ]").contains("\"chainId\"").contains(w.config().toString());

      assertThat(commands().pull(registry.host() + "/cli/missing:1")).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: failed to resolve reference");

      out.reset();
      assertThat(commands().remove(List.of(ref))).isZero();
      assertThat(commands().inspect(ref)).isEqualTo(1);
      LocalImageService images = new LocalImageService(config());
      assertThat(images.content().walk()).isEmpty();
      assertThat(images.snapshotter().walk()).isEmpty();
    }
  }

  @Test
  void importsAnOciLayoutAndADockerArchiveAndPruneKeepsImagesInUse() throws Exception {
    Path layout = dir.resolve("layout");
    TestImages.writeLayout(layout, "v1", TestImages.busyboxImage().cmd("echo", "imported"));
    Path otherLayout = dir.resolve("other");
    TestImages.writeLayout(otherLayout, "v2", TestImages.busyboxImage().layer(TestImages.layer().file("extra", "x").build()).cmd("echo", "saved"));
    Path archive = dir.resolve("saved.tar");
    run("skopeo", "--insecure-policy", "copy", "--quiet", "oci:" + otherLayout + ":v2", "docker-archive:" + archive + ":example.com/saved/app:2");

    assertThat(commands().importImage(layout, "example.com/layout/app:1")).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(commands().importImage(archive, null)).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out()).contains("imported example.com/layout/app:1").contains("imported example.com/saved/app:2");

    LocalImageService images = new LocalImageService(config());
    var layoutImage = images.findLocal(ImageRef.parse("example.com/layout/app:1")).orElseThrow();
    var saved = images.findLocal(ImageRef.parse("example.com/saved/app:2")).orElseThrow();
    assertThat(saved.config().cmd()).containsExactly("echo", "saved");
    assertThat(layoutImage.config().cmd()).containsExactly("echo", "imported");
    assertThat(saved.layerDirs().get(0).resolve("bin/busybox")).isRegularFile();
    images.containerRoots().prepare("c1", layoutImage);

    out.reset();
    assertThat(commands().prune()).isZero();
    assertThat(out()).contains("Deleted: example.com/saved/app:2").doesNotContain("Deleted: example.com/layout/app:1");
    LocalImageService after = new LocalImageService(config());
    assertThat(after.findLocal(ImageRef.parse("example.com/layout/app:1"))).isPresent();
    assertThat(after.findLocal(ImageRef.parse("example.com/saved/app:2"))).isEmpty();
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(text).isZero();
    assertThat(Files.exists(Path.of(cmd[cmd.length - 1].split(":")[1]))).isTrue();
  }
}
