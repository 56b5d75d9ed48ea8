package io.skiff.images.pull;

import io.skiff.common.SkiffException;
import io.skiff.images.ImageService;
import io.skiff.images.LocalImage;
import io.skiff.images.ref.ImageRef;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * The kubelet's {@code EnsureImageExists} for skiff's node agent: checks presence (except for Always), consults the
 * back-off, pulls through the {@link ImageService} (which makes concurrent pulls of one image a single download),
 * and answers Kubernetes' waiting reasons and event texts. At most {@code maxParallelPulls} pulls run at once (the
 * kubelet's {@code serializeImagePulls} is 1); the wait for a slot is the "including waiting" part of the Pulled
 * event.
 */
public final class ImageEnsurer {
  private final ImageService images;
  private final PullBackoff backoff;
  private final InstantSource clock;
  private final Semaphore slots;

  public ImageEnsurer(ImageService images, PullBackoff backoff, InstantSource clock, int maxParallelPulls) {
    this.images = images;
    this.backoff = backoff;
    this.clock = clock;
    this.slots = new Semaphore(maxParallelPulls, true);
  }

  /**
   * The local image {@link #ensure} would use without pulling, asking no registry and recording nothing: present
   * only when the policy is not Always and the image is here.
   */
  public Optional<LocalImage> presentFor(String image, PullPolicy policy) {
    if (policy == PullPolicy.Always) {
      return Optional.empty();
    }
    try {
      return images.findLocal(ImageRef.parse(image));
    } catch (SkiffException.BadRequest e) {
      return Optional.empty();
    }
  }

  public EnsureOutcome ensure(EnsureRequest req) {
    String image = req.image();
    List<ImageEvent> events = new ArrayList<>();
    ImageRef ref;
    try {
      ref = ImageRef.parse(image);
    } catch (SkiffException.BadRequest e) {
      String msg = "Failed to apply default image tag \"" + image + "\": couldn't parse image name \"" + image + "\": " + e.getMessage();
      events.add(ImageEvent.warning("InspectFailed", msg));
      events.add(ImageEvent.warning("Failed", "Error: " + WaitingReason.InvalidImageName.text()));
      return new EnsureOutcome.Waiting(WaitingReason.InvalidImageName, msg, events);
    }
    String key = PullBackoff.key(req.podUid(), image);
    Optional<LocalImage> present = req.policy() == PullPolicy.Always ? Optional.empty() : images.findLocal(ref);
    PullDecision decision = PullPlanner.decide(req.policy(), present, backoff.remaining(key));
    return switch (decision) {
      case PullDecision.UsePresent p -> {
        events.add(ImageEvent.normal("Pulled", "Container image \"" + image + "\" already present on machine"));
        yield new EnsureOutcome.Ready(p.image(), events);
      }
      case PullDecision.NeverPull n -> {
        String msg = "Container image \"" + image + "\" is not present with pull policy of Never";
        events.add(ImageEvent.warning(WaitingReason.ErrImageNeverPull.text(), msg));
        events.add(ImageEvent.warning("Failed", "Error: " + WaitingReason.ErrImageNeverPull.text()));
        yield new EnsureOutcome.Waiting(WaitingReason.ErrImageNeverPull, msg, events);
      }
      case PullDecision.BackOff b -> {
        String last = backoff.lastError(key).orElse("");
        events.add(ImageEvent.normal("BackOff", "Back-off pulling image \"" + image + "\""));
        events.add(ImageEvent.warning("Failed", "Error: " + WaitingReason.ImagePullBackOff.text()));
        yield new EnsureOutcome.Waiting(WaitingReason.ImagePullBackOff,
            "Back-off pulling image \"" + image + "\": " + WaitingReason.ErrImagePull.text() + ": " + last, events);
      }
      case PullDecision.Pull p -> pull(req, ref, key, events);
    };
  }

  private EnsureOutcome pull(EnsureRequest req, ImageRef ref, String key, List<ImageEvent> events) {
    String image = req.image();
    events.add(ImageEvent.normal("Pulling", "Pulling image \"" + image + "\""));
    Instant requested = clock.instant();
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkiffException.Unavailable("interrupted while waiting to pull " + image, e);
    }
    Instant started = clock.instant();
    try {
      LocalImage pulled = images.pull(ref, req.credentials(), req.platform(), req.listener());
      Instant done = clock.instant();
      events.add(ImageEvent.normal("Pulled", "Successfully pulled image \"" + image + "\" in "
          + GoDuration.format(Duration.between(started, done)) + " (" + GoDuration.format(Duration.between(requested, done))
          + " including waiting). Image size: " + pulled.size() + " bytes."));
      return new EnsureOutcome.Ready(pulled, events);
    } catch (SkiffException e) {
      String error = e.getMessage();
      backoff.failed(key, error);
      events.add(ImageEvent.warning("Failed", "Failed to pull image \"" + image + "\": " + error));
      events.add(ImageEvent.warning("Failed", "Error: " + WaitingReason.ErrImagePull.text()));
      return new EnsureOutcome.Waiting(WaitingReason.ErrImagePull, error, events);
    } finally {
      slots.release();
    }
  }
}
