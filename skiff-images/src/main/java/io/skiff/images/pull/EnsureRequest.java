package io.skiff.images.pull;

import io.skiff.images.PullListener;
import io.skiff.images.auth.PullCredentials;
import io.skiff.images.oci.Platform;
import java.util.Objects;

/**
 * One container's need for its image.
 *
 * @param podUid      the pod's UID (part of the back-off key)
 * @param image       the image exactly as written in the container spec; events and back-off use it as is
 * @param policy      the container's imagePullPolicy
 * @param credentials the pod's pull-secret credentials (and the node's)
 */
public record EnsureRequest(String podUid, String image, PullPolicy policy, PullCredentials credentials,
    Platform platform, PullListener listener) {
  public EnsureRequest {
    Objects.requireNonNull(podUid, "podUid");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(platform, "platform");
    listener = listener == null ? PullListener.NONE : listener;
  }

  public EnsureRequest(String podUid, String image, PullPolicy policy, PullCredentials credentials) {
    this(podUid, image, policy, credentials, Platform.current(), PullListener.NONE);
  }
}
