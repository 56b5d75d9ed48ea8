package io.skiff.images.content;

import io.skiff.images.oci.Digest;

/**
 * Writes one blob while hashing it. {@link #commit} verifies size and digest, then makes the blob visible; a
 * mismatch throws {@link io.skiff.common.SkiffException.BadRequest} and keeps nothing. {@link #close} without a
 * commit discards the data. {@link #reset} restarts from zero (a retried download that cannot resume).
 */
public interface BlobWriter extends AutoCloseable {
  void write(byte[] buffer, int offset, int length);

  /** How many bytes have been written. */
  long offset();

  /** Forgets everything written so far. */
  void reset();

  /** Verifies and publishes the blob; returns its info. Always closes the writer. */
  BlobInfo commit(long expectedSize, Digest expected);

  @Override
  void close();
}
