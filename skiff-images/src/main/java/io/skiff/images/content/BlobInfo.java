package io.skiff.images.content;

import io.skiff.images.oci.Digest;
import java.time.Instant;
import java.util.Objects;

/** A committed blob: its digest, size and when it was committed. */
public record BlobInfo(Digest digest, long size, Instant committedAt) {
  public BlobInfo {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(committedAt, "committedAt");
  }
}
