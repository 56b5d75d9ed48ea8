package io.skiff.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.images.auth.PullCredentials;
import io.skiff.images.config.RegistriesConfig;
import io.skiff.images.content.BlobInfo;
import io.skiff.images.oci.Digest;
import io.skiff.images.ref.ImageRef;
import io.skiff.images.registry.RegistryClientConfig;
import io.skiff.images.testing.LocalRegistry;
import io.skiff.images.testing.PullMain;
import io.skiff.images.testing.TestImages;
import io.skiff.testing.Await;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pull killed with SIGKILL in the middle of a download leaves no partial blob that counts. */
@Tag("registry")
class CrashRecoveryIT {
  @TempDir Path dir;

  @Test
  void aPullKilledMidDownloadLeavesNoHalfBlobAndTheNextPullCompletes() throws Exception {
    try (LocalRegistry registry = LocalRegistry.start(dir.resolve("reg"), LocalRegistry.Auth.NONE)) {
      TestImages.Written w = TestImages.buildAndPush(dir, TestImages.image()
          .layer(TestImages.busybox())
          .layer(TestImages.layer().random("big.bin", 24 << 20, 11).build(), TestImages.Compression.NONE), registry, "test/big:1");
      Digest big = w.layers().get(1);
      Path store = dir.resolve("images");
      String ref = registry.host() + "/test/big:1";
      registry.proxy().throttle(4 << 20);

      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), PullMain.class.getName(), store.toString(), ref)
          .redirectErrorStream(true).start();
      AtomicLong seen = new AtomicLong();
      Thread reader = Thread.ofVirtual().start(() -> readProgress(child.getInputStream(), seen));
      try {
        Await.until("the child to be in the middle of the big layer", Duration.ofSeconds(60), () -> seen.get() > (2 << 20));
        assertThat(Files.list(store.resolve("content/ingest")).toList()).isNotEmpty();
      } finally {
        child.destroyForcibly().waitFor();
        reader.join();
      }
      assertThat(child.exitValue()).isNotZero();

      registry.proxy().throttle(0);
      LocalImageService reopened = new LocalImageService(new ImagesConfig(store, RegistriesConfig.EMPTY, RegistryClientConfig.DEFAULT, 3));
      assertThat(reopened.content().findInfo(big)).isEmpty();
      assertThat(reopened.findLocal(ImageRef.parse(ref))).isEmpty();
      try (Stream<Path> partial = Files.list(store.resolve("content/ingest"))) {
        assertThat(partial.toList()).isEmpty();
      }
      for (BlobInfo b : reopened.content().walk()) {
        try (InputStream in = reopened.content().open(b.digest())) {
          assertThat(Digest.sha256(in.readAllBytes())).isEqualTo(b.digest());
        }
      }
      assertThat(reopened.snapshotter().walk()).noneSatisfy(s -> assertThat(s.key()).startsWith("extract-"));

      LocalImage image = reopened.pull(ImageRef.parse(ref), PullCredentials.NONE);
      assertThat(image.layerDirs().get(1).resolve("big.bin")).hasSize(24 << 20);
      assertThat(List.of(reopened.content().findInfo(big))).allSatisfy(i -> assertThat(i).isPresent());
    }
  }

  private static void readProgress(InputStream in, AtomicLong seen) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("progress ")) {
          seen.accumulateAndGet(Long.parseLong(line.substring(9)), Math::max);
        }
      }
    } catch (Exception e) {
      // the child was killed
    }
  }
}
