package io.skiff.images.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.images.ImagesConfig;
import io.skiff.images.LocalImageService;
import io.skiff.images.auth.PullCredentials;
import io.skiff.images.config.RegistriesConfig;
import io.skiff.images.registry.RegistryClientConfig;
import io.skiff.images.testing.LocalRegistry;
import io.skiff.images.testing.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pull policies against a real registry, counted by the requests it sees. */
@Tag("registry")
class ImageEnsurerIT {
  @TempDir Path dir;

  @Test
  void policiesAreCountedByTheRequestsTheRegistrySees() throws Exception {
    try (LocalRegistry registry = LocalRegistry.start(dir.resolve("reg"), LocalRegistry.Auth.NONE)) {
      TestImages.buildAndPush(dir, TestImages.busyboxImage(), registry, "policy/app:1");
      PullBackoffTest.FakeClock clock = new PullBackoffTest.FakeClock();
      LocalImageService images = new LocalImageService(new ImagesConfig(dir.resolve("images"), RegistriesConfig.EMPTY, RegistryClientConfig.DEFAULT, 3));
      ImageEnsurer ensurer = new ImageEnsurer(images, new PullBackoff(clock), clock, 1);
      String image = registry.host() + "/policy/app:1";
      String missing = registry.host() + "/policy/missing:1";
      var proxy = registry.proxy();

      EnsureOutcome never = ensurer.ensure(new EnsureRequest("pod-a", image, PullPolicy.Never, PullCredentials.NONE));
      assertThat(never).isInstanceOfSatisfying(EnsureOutcome.Waiting.class, w -> assertThat(w.reason()).isEqualTo(WaitingReason.ErrImageNeverPull));
      assertThat(proxy.requests()).isEmpty();

      assertThat(ensurer.ensure(new EnsureRequest("pod-a", image, PullPolicy.IfNotPresent, PullCredentials.NONE)))
          .isInstanceOf(EnsureOutcome.Ready.class);
      assertThat(proxy.blobRequests()).isEqualTo(2);
      proxy.reset();

      assertThat(ensurer.ensure(new EnsureRequest("pod-b", image, PullPolicy.IfNotPresent, PullCredentials.NONE)).events())
          .extracting(ImageEvent::message).containsExactly("Container image \"" + image + "\" already present on machine");
      assertThat(ensurer.ensure(new EnsureRequest("pod-b", image, PullPolicy.Never, PullCredentials.NONE))).isInstanceOf(EnsureOutcome.Ready.class);
      assertThat(proxy.requests()).isEmpty();

      assertThat(ensurer.ensure(new EnsureRequest("pod-c", image, PullPolicy.Always, PullCredentials.NONE)).events())
          .extracting(ImageEvent::reason).containsExactly("Pulling", "Pulled");
      assertThat(proxy.manifestRequests()).isEqualTo(1);
      assertThat(proxy.blobRequests()).isZero();
      proxy.reset();

      EnsureOutcome failed = ensurer.ensure(new EnsureRequest("pod-d", missing, PullPolicy.IfNotPresent, PullCredentials.NONE));
      assertThat(failed).isInstanceOfSatisfying(EnsureOutcome.Waiting.class, w -> {
        assertThat(w.reason()).isEqualTo(WaitingReason.ErrImagePull);
        assertThat(w.message()).contains("MANIFEST_UNKNOWN");
      });
      long afterFailure = proxy.requests().size();
      EnsureOutcome backingOff = ensurer.ensure(new EnsureRequest("pod-d", missing, PullPolicy.IfNotPresent, PullCredentials.NONE));
      assertThat(backingOff).isInstanceOfSatisfying(EnsureOutcome.Waiting.class, w -> {
        assertThat(w.reason()).isEqualTo(WaitingReason.ImagePullBackOff);
        assertThat(w.message()).startsWith("Back-off pulling image \"" + missing + "\": ErrImagePull: ");
      });
      assertThat(proxy.requests()).hasSize((int) afterFailure);
      clock.advance(Duration.ofSeconds(10));
      ensurer.ensure(new EnsureRequest("pod-d", missing, PullPolicy.IfNotPresent, PullCredentials.NONE));
      assertThat(proxy.requests().size()).isGreaterThan((int) afterFailure);
    }
  }
}
