package io.skiff.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.common.SkiffException;
import io.skiff.images.auth.PullCredentials;
import io.skiff.images.config.RegistriesConfig;
import io.skiff.images.config.RegistriesYaml;
import io.skiff.images.oci.MediaTypes;
import io.skiff.images.oci.Platform;
import io.skiff.images.ref.ImageRef;
import io.skiff.images.registry.RegistryClientConfig;
import io.skiff.images.registry.RetryPolicy;
import io.skiff.images.testing.LocalRegistry;
import io.skiff.images.testing.TestImages;
import io.skiff.images.testing.TestImages.Compression;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls from a real docker-registry on loopback, images built from busybox-static and bash-static. */
@Tag("registry")
class RegistryPullIT {
  @TempDir static Path shared;
  static LocalRegistry registry;
  static TestImages.Written busybox;
  static TestImages.Written multiLayer;

  @TempDir Path data;

  @BeforeAll
  static void startRegistry() throws IOException {
    registry = LocalRegistry.start(shared.resolve("registry"), LocalRegistry.Auth.NONE);
    busybox = TestImages.buildAndPush(shared, TestImages.busyboxImage().cmd("sh", "-c", "echo hi"), registry, "test/busybox:1");
    multiLayer = TestImages.buildAndPush(shared, TestImages.image()
        .layer(TestImages.busybox(), Compression.GZIP)
        .layer(TestImages.bash(), Compression.ZSTD)
        .layer(TestImages.layer().dir("app").file("app/hello.txt", "hello\n").build(), Compression.NONE)
        .entrypoint("/bin/bash", "-c").cmd("echo hi").env(TestImages.PATH_ENV, "GREETING=hi").workingDir("/app").user("65534"),
        registry, "test/multi:2");
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @BeforeEach
  void resetCounts() {
    registry.proxy().reset();
  }

  private LocalImageService service() {
    return new LocalImageService(new ImagesConfig(data.resolve("images"), RegistriesConfig.EMPTY, RegistryClientConfig.DEFAULT, 3));
  }

  private ImageRef ref(String repoAndTag) {
    return ImageRef.parse(registry.host() + "/" + repoAndTag);
  }

  @Test
  void pullByTagUnpacksEveryLayerAndExposesTheConfig() {
    LocalImage image = service().pull(ref("test/multi:2"), PullCredentials.NONE);

    assertThat(image.target().digest()).isEqualTo(multiLayer.target());
    assertThat(image.id()).isEqualTo(multiLayer.config());
    assertThat(image.config().entrypoint()).containsExactly("/bin/bash", "-c");
    assertThat(image.config().cmd()).containsExactly("echo hi");
    assertThat(image.config().env()).contains("GREETING=hi");
    assertThat(image.config().workingDir()).isEqualTo("/app");
    assertThat(image.config().user()).isEqualTo("65534");
    assertThat(image.layerDirs()).hasSize(3);
    assertThat(image.layerDirs().get(0).resolve("bin/busybox")).isRegularFile().isExecutable();
    assertThat(Files.isSymbolicLink(image.layerDirs().get(0).resolve("bin/sh"))).isTrue();
    assertThat(image.layerDirs().get(1).resolve("bin/bash")).isRegularFile();
    assertThat(image.layerDirs().get(2).resolve("app/hello.txt")).hasContent("hello");
    assertThat(image.size()).isGreaterThan(1_000_000);
  }

  @Test
  void pullByDigestFindsOnlyThatDigest() {
    LocalImageService images = service();
    ImageRef byDigest = ImageRef.parse(registry.host() + "/test/busybox@" + busybox.target());

    LocalImage image = images.pull(byDigest, PullCredentials.NONE);

    assertThat(image.manifest()).isEqualTo(busybox.target());
    assertThat(images.findLocal(byDigest)).isPresent();
    assertThat(images.findLocal(ref("test/busybox:1"))).isEmpty();
    assertThat(images.findLocal(ImageRef.parse(registry.host() + "/test/busybox@" + multiLayer.target()))).isEmpty();
  }

  @Test
  void dockerSchema2ManifestsArePulled() throws IOException {
    Path layout = Files.createTempDirectory(shared, "v2s2");
    TestImages.writeLayout(layout, "t", TestImages.busyboxImage());
    TestImages.push(layout, "t", registry, "test/docker:1", "v2s2");

    LocalImage image = service().pull(ref("test/docker:1"), PullCredentials.NONE);

    assertThat(image.target().mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(image.layerDirs().get(0).resolve("bin/busybox")).isRegularFile();
  }

  @Test
  void multiArchIndexPicksTheRequestedPlatform() throws IOException {
    Path layout = Files.createTempDirectory(shared, "multiarch");
    TestImages.writeMultiPlatformLayout(layout, "t", List.of(
        TestImages.image().platform(new Platform("linux", "arm64", "v8"))
            .layer(TestImages.layer().file("arch", "arm64\n").build()),
        TestImages.image().platform(Platform.LINUX_AMD64).layer(TestImages.busybox())
            .layer(TestImages.layer().file("arch", "amd64\n").build())));
    TestImages.push(layout, "t", registry, "test/multiarch:1", null);

    LocalImageService images = service();
    LocalImage amd64 = images.pull(ref("test/multiarch:1"), PullCredentials.NONE, Platform.LINUX_AMD64, PullListener.NONE);

    assertThat(amd64.target().mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(amd64.config().architecture()).isEqualTo("amd64");
    assertThat(amd64.layerDirs().get(amd64.layerDirs().size() - 1).resolve("arch")).hasContent("amd64");
    assertThatThrownBy(() -> images.pull(ref("test/multiarch:1"), PullCredentials.NONE, new Platform("linux", "s390x", ""), PullListener.NONE))
        .isInstanceOf(SkiffException.NotFound.class)
        .hasMessageContaining("no match for platform linux/s390x")
        .hasMessageContaining("linux/arm64/v8");
  }

  @Test
  void alwaysOnAnUnchangedImageMakesOneManifestRequestAndNoBlobRequest() {
    LocalImageService images = service();
    images.pull(ref("test/multi:2"), PullCredentials.NONE);
    assertThat(registry.proxy().blobRequests()).isEqualTo(4);
    registry.proxy().reset();

    images.pull(ref("test/multi:2"), PullCredentials.NONE);

    assertThat(registry.proxy().manifestRequests()).isEqualTo(1);
    assertThat(registry.proxy().requests()).singleElement().satisfies(r -> assertThat(r.method()).isEqualTo("HEAD"));
    assertThat(registry.proxy().blobRequests()).isZero();
  }

  @Test
  void concurrentPullsOfOneImageDownloadOnce() throws Exception {
    LocalImageService images = service();
    int pullers = 6;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<LocalImage>> results = new ArrayList<>();
    try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < pullers; i++) {
        results.add(exec.submit(() -> {
          go.await();
          return images.pull(ref("test/multi:2"), PullCredentials.NONE);
        }));
      }
      go.countDown();
      for (Future<LocalImage> f : results) {
        assertThat(f.get().id()).isEqualTo(multiLayer.config());
      }
    }
    long layerAndConfigBlobs = registry.proxy().blobRequests();
    assertThat(layerAndConfigBlobs).isLessThanOrEqualTo(4);
    assertThat(registry.proxy().requests().stream().filter(r -> r.blob()).map(r -> r.path()).distinct().count())
        .isEqualTo(layerAndConfigBlobs);
  }

  @Test
  void aCorruptedBlobIsRefusedRetriedOnceAndNotStored() throws IOException {
    TestImages.Written w = TestImages.buildAndPush(shared, TestImages.image()
        .layer(TestImages.layer().random("data.bin", 200_000, 7).build(), Compression.NONE), registry, "test/corrupt:1");
    Path blob = registry.blobFile(w.layers().get(0).hex());
    try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
      f.seek(100_000);
      f.write(new byte[] {1, 2, 3, 4});
    }
    LocalImageService images = service();

    assertThatThrownBy(() -> images.pull(ref("test/corrupt:1"), PullCredentials.NONE))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessageContaining("digest mismatch");

    assertThat(registry.proxy().requests().stream().filter(r -> r.path().endsWith(w.layers().get(0).toString()))).hasSize(2);
    assertThat(images.content().findInfo(w.layers().get(0))).isEmpty();
    assertThat(images.findLocal(ref("test/corrupt:1"))).isEmpty();
  }

  @Test
  void aLayerEscapingItsRootIsRefusedAndTheImageMarkedBad() throws IOException {
    TestImages.buildAndPush(shared, TestImages.image()
        .layer(TestImages.layer().file("ok.txt", "fine").file("../../escaped.txt", "gotcha").build()), registry, "test/evil:1");
    LocalImageService images = service();

    assertThatThrownBy(() -> images.pull(ref("test/evil:1"), PullCredentials.NONE))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessageContaining("../../escaped.txt")
        .hasMessageContaining("outside the layer root");

    assertThat(images.findLocal(ref("test/evil:1"))).isEmpty();
    assertThat(images.findRecord(ref("test/evil:1"))).hasValueSatisfying(r -> assertThat(r.ready()).isFalse());
    assertThat(data.getParent().resolve("escaped.txt")).doesNotExist();
    assertThat(data.resolve("escaped.txt")).doesNotExist();
    registry.proxy().reset();
    assertThatThrownBy(() -> images.pull(ref("test/evil:1"), PullCredentials.NONE)).hasMessageContaining("marked bad");
    assertThat(registry.proxy().blobRequests()).isZero();
  }

  @Test
  void aMissingImageIsNotFoundWithTheRegistryReason() {
    assertThatThrownBy(() -> service().pull(ref("test/nothing:1"), PullCredentials.NONE))
        .isInstanceOf(SkiffException.NotFound.class)
        .hasMessageContaining("failed to resolve reference \"" + registry.host() + "/test/nothing:1\"")
        .hasMessageContaining("404");
  }

  @Test
  void aRegistryThatIsDownFailsQuicklyWithAClearError() throws IOException {
    int closedPort;
    try (var s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    LocalImageService images = new LocalImageService(new ImagesConfig(data.resolve("images"), RegistriesConfig.EMPTY,
        RegistryClientConfig.DEFAULT.withRetry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10))), 3));

    assertThatThrownBy(() -> images.pull(ImageRef.parse("127.0.0.1:" + closedPort + "/x/y:1"), PullCredentials.NONE))
        .isInstanceOf(SkiffException.Unavailable.class)
        .hasMessageContaining("cannot connect to 127.0.0.1:" + closedPort);
  }

  @Test
  void aDockerHubMirrorServesCentosAndNginx() throws IOException {
    TestImages.buildAndPush(shared, TestImages.busyboxImage(), registry, "library/centos:7");
    TestImages.buildAndPush(shared, TestImages.busyboxImage().cmd("echo", "nginx"), registry, "library/nginx:latest");
    RegistriesConfig mirrors = RegistriesYaml.parse("""
        mirrors:
          docker.io:
            endpoint:
              - "http://%s"
        """.formatted(registry.host()), "test");
    LocalImageService images = new LocalImageService(new ImagesConfig(data.resolve("images"), mirrors, RegistryClientConfig.DEFAULT, 3));

    LocalImage centos = images.pull(ImageRef.parse("centos:7"), PullCredentials.NONE);
    LocalImage nginx = images.pull(ImageRef.parse("nginx"), PullCredentials.NONE);

    assertThat(centos.name()).isEqualTo("docker.io/library/centos:7");
    assertThat(nginx.name()).isEqualTo("docker.io/library/nginx:latest");
    assertThat(nginx.config().cmd()).containsExactly("echo", "nginx");
    assertThat(images.findLocal(ImageRef.parse("docker.io/library/nginx:latest"))).isPresent();
    assertThat(registry.proxy().requests()).allSatisfy(r -> assertThat(r.path()).startsWith("/v2/library/"));
  }
}
