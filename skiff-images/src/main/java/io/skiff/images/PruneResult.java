package io.skiff.images;

import io.skiff.images.oci.Digest;
import java.util.List;

/** What a prune removed: image names, blobs (and the bytes they held), and snapshots. */
public record PruneResult(List<String> images, List<Digest> blobs, long bytesFreed, List<String> snapshots) {
  public PruneResult {
    images = List.copyOf(images);
    blobs = List.copyOf(blobs);
    snapshots = List.copyOf(snapshots);
  }
}
