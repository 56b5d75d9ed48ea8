package io.skiff.images.content;

import io.skiff.images.oci.Digest;
import java.io.InputStream;
import java.util.Optional;

/** Reads committed blobs. */
public interface ContentProvider {
  /** Opens a committed blob; {@link io.skiff.common.SkiffException.NotFound} when it is absent. */
  InputStream open(Digest digest);

  /** The blob's size and time, when present. */
  Optional<BlobInfo> findInfo(Digest digest);

  /** The whole blob; for small documents (manifests, configs). */
  byte[] readAll(Digest digest);
}
