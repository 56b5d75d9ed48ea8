package io.skiff.images.registry;

import io.skiff.images.auth.PullCredentials;
import io.skiff.images.content.BlobInfo;
import io.skiff.images.content.ContentIngester;
import io.skiff.images.oci.Descriptor;
import io.skiff.images.ref.ImageRef;
import java.util.function.LongConsumer;

/**
 * The pull side of a registry, split as containerd splits it: resolve a reference, then fetch what it points at.
 * Failures are {@link io.skiff.common.SkiffException}s: {@code NotFound} (no such manifest or blob),
 * {@code Unauthorized}/{@code Forbidden} (naming the credentials tried, never their values), {@code Unavailable}
 * (unreachable after retries), {@code Timeout}, {@code BadRequest} (content that fails verification or is not
 * understood).
 */
public interface RegistryClient {
  /** Finds the manifest or index a reference names, trying mirrors before the upstream. */
  Resolution resolve(ImageRef ref, PullCredentials credentials);

  /** Fetches a manifest or index by digest, verified against {@code descriptor}. */
  byte[] fetchManifest(Resolution resolution, Descriptor descriptor);

  /**
   * Streams a blob into the content store, verifying its size and digest while it streams; a blob that fails
   * verification is discarded and fetched once more. {@code progress} receives the bytes received so far.
   */
  BlobInfo fetchBlob(Resolution resolution, Descriptor descriptor, ContentIngester ingester, LongConsumer progress);
}
