package io.skiff.images.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.images.auth.PullCredentials;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ImageEnsurerTest {
  final FakeImageService images = new FakeImageService();
  final PullBackoffTest.FakeClock clock = new PullBackoffTest.FakeClock();
  final PullBackoff backoff = new PullBackoff(clock);
  final ImageEnsurer ensurer = new ImageEnsurer(images, backoff, clock, 1);

  private EnsureOutcome ensure(String image, PullPolicy policy) {
    return ensurer.ensure(new EnsureRequest("uid-1", image, policy, PullCredentials.NONE));
  }

  @Test
  void aPulledImageReportsKubernetesPulledEvent() {
    images.registry.put("docker.io/library/centos:7", PullPlannerTest.image());
    EnsureOutcome o = ensure("centos:7", PullPolicy.IfNotPresent);
    assertThat(o).isInstanceOf(EnsureOutcome.Ready.class);
    assertThat(o.events()).extracting(ImageEvent::reason).containsExactly("Pulling", "Pulled");
    assertThat(o.events().get(0).message()).isEqualTo("Pulling image \"centos:7\"");
    assertThat(o.events().get(1).message()).isEqualTo("Successfully pulled image \"centos:7\" in 0s (0s including waiting). Image size: 1 bytes.");
  }

  @Test
  void aPresentImageIsNotPulledAgainWithIfNotPresent() {
    images.present.put("docker.io/library/centos:7", PullPlannerTest.image());
    EnsureOutcome o = ensure("centos:7", PullPolicy.IfNotPresent);
    assertThat(images.pulls).isEmpty();
    assertThat(o.events()).singleElement().isEqualTo(new ImageEvent(ImageEvent.Type.Normal, "Pulled",
        "Container image \"centos:7\" already present on machine"));
  }

  @Test
  void alwaysPullsEvenWhenPresent() {
    images.present.put("docker.io/library/nginx:latest", PullPlannerTest.image());
    images.registry.put("docker.io/library/nginx:latest", PullPlannerTest.image());
    ensure("nginx", PullPolicy.Always);
    assertThat(images.pulls).containsExactly("docker.io/library/nginx:latest");
  }

  @Test
  void neverWithAMissingImageIsErrImageNeverPullWithoutBackOff() {
    EnsureOutcome o = ensure("centos:7", PullPolicy.Never);
    assertThat(o).isEqualTo(new EnsureOutcome.Waiting(WaitingReason.ErrImageNeverPull,
        "Container image \"centos:7\" is not present with pull policy of Never", o.events()));
    assertThat(o.events()).extracting(ImageEvent::reason).containsExactly("ErrImageNeverPull", "Failed");
    assertThat(o.events().get(1).message()).isEqualTo("Error: ErrImageNeverPull");
    assertThat(images.pulls).isEmpty();
    assertThat(backoff.remaining(PullBackoff.key("uid-1", "centos:7"))).isZero();
  }

  @Test
  void aFailedPullIsErrImagePullThenImagePullBackOffUntilTheBackOffEnds() {
    EnsureOutcome first = ensure("centos7", PullPolicy.Always);
    assertThat(first).isInstanceOfSatisfying(EnsureOutcome.Waiting.class, w -> {
      assertThat(w.reason()).isEqualTo(WaitingReason.ErrImagePull);
      assertThat(w.message()).contains("failed to resolve reference \"docker.io/library/centos7:latest\"");
    });
    assertThat(first.events()).extracting(ImageEvent::message).containsExactly("Pulling image \"centos7\"",
        "Failed to pull image \"centos7\": failed to resolve reference \"docker.io/library/centos7:latest\": not found",
        "Error: ErrImagePull");

    clock.advance(Duration.ofSeconds(5));
    EnsureOutcome second = ensure("centos7", PullPolicy.Always);
    assertThat(second).isInstanceOfSatisfying(EnsureOutcome.Waiting.class, w -> {
      assertThat(w.reason()).isEqualTo(WaitingReason.ImagePullBackOff);
      assertThat(w.message()).isEqualTo("Back-off pulling image \"centos7\": ErrImagePull: "
          + "failed to resolve reference \"docker.io/library/centos7:latest\": not found");
    });
    assertThat(second.events()).extracting(ImageEvent::type, ImageEvent::reason, ImageEvent::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple(ImageEvent.Type.Normal, "BackOff", "Back-off pulling image \"centos7\""),
        org.assertj.core.groups.Tuple.tuple(ImageEvent.Type.Warning, "Failed", "Error: ImagePullBackOff"));
    assertThat(images.pulls).hasSize(1);

    clock.advance(Duration.ofSeconds(5));
    ensure("centos7", PullPolicy.Always);
    assertThat(images.pulls).hasSize(2);
    assertThat(backoff.period(PullBackoff.key("uid-1", "centos7"))).contains(Duration.ofSeconds(20));
  }

  @Test
  void anUnparsableImageIsInvalidImageName() {
    EnsureOutcome o = ensure("Bad/Image", PullPolicy.IfNotPresent);
    assertThat(o).isInstanceOfSatisfying(EnsureOutcome.Waiting.class, w -> {
      assertThat(w.reason()).isEqualTo(WaitingReason.InvalidImageName);
      assertThat(w.message()).startsWith("Failed to apply default image tag \"Bad/Image\": couldn't parse image name \"Bad/Image\": invalid reference format");
    });
    assertThat(o.events()).extracting(ImageEvent::reason).containsExactly("InspectFailed", "Failed");
  }
}
