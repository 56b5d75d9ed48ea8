package io.skiff.images;

import io.skiff.images.auth.PullCredentials;
import io.skiff.images.oci.Platform;
import io.skiff.images.ref.ImageRef;
import java.util.List;
import java.util.Optional;

/**
 * Pulling and keeping images. Contract: concurrent pulls of one reference share a single download, and a successful
 * return means every blob was verified and every layer is unpacked. Failures are
 * {@link io.skiff.common.SkiffException}s whose messages carry the registry's reason.
 */
public interface ImageService {
  /** Pulls {@code ref} for {@code platform}; when the registry's digest is already complete locally, nothing is downloaded. */
  LocalImage pull(ImageRef ref, PullCredentials credentials, Platform platform, PullListener listener);

  /**
   * The local image {@code ref} names: by name for a tag, and for a digest only when that digest is stored (as the
   * kubelet's presence check asks it). Images marked bad are not present.
   */
  Optional<LocalImage> findLocal(ImageRef ref);

  List<LocalImage> list();

  /** Removes the name {@code ref} (for a digest: every name of that repository at that digest), then unused content. */
  void remove(ImageRef ref);

  /** Removes images no container stands on, then every blob and snapshot no image needs. */
  PruneResult prune();

  /** Pulls for this machine's platform. */
  default LocalImage pull(ImageRef ref, PullCredentials credentials) {
    return pull(ref, credentials, Platform.current(), PullListener.NONE);
  }
}
