package io.skiff.images;

import io.skiff.images.oci.Descriptor;
import io.skiff.images.oci.Digest;
import io.skiff.images.ref.ImageRef;
import java.time.Duration;

/** What a pull reports as it goes; consumed with a {@code switch}, one record per step. */
public sealed interface PullEvent {
  /** The reference was resolved to a manifest or index. */
  record Resolved(ImageRef ref, Descriptor target) implements PullEvent {}

  /** A layer the pull needs; {@code present} when it is already unpacked or downloaded. */
  record LayerPlanned(Descriptor layer, boolean present) implements PullEvent {}

  /** Bytes of a layer received so far. */
  record LayerProgress(Descriptor layer, long bytes) implements PullEvent {}

  /** A layer's blob is complete and verified. */
  record LayerDownloaded(Descriptor layer) implements PullEvent {}

  /** A layer is unpacked into its snapshot. */
  record LayerUnpacked(Descriptor layer, Digest chainId, Duration took) implements PullEvent {}

  /** The image is complete. {@code downloaded} counts the bytes fetched by this pull. */
  record Completed(LocalImage image, Duration took, long downloaded) implements PullEvent {}
}
