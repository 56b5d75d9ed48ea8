package io.skiff.images.content;

/** Writes new blobs. */
public interface ContentIngester {
  /**
   * A writer for one blob. Nothing becomes visible until {@link BlobWriter#commit} has checked the digest and size;
   * closing an uncommitted writer discards what was written.
   */
  BlobWriter writer(String label);
}
