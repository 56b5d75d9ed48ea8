package io.skiff.images;

import io.skiff.images.content.BlobInfo;
import io.skiff.images.content.ContentIngester;
import io.skiff.images.oci.Descriptor;
import java.util.function.LongConsumer;

/** Where an image's missing content comes from: a registry, or an OCI layout or archive being imported. */
public interface BlobSource {
  /** A manifest or index, verified against {@code descriptor}. */
  byte[] manifest(Descriptor descriptor);

  /** Streams a blob into {@code ingester}, verified and committed; {@code progress} receives bytes so far. */
  BlobInfo blob(Descriptor descriptor, ContentIngester ingester, LongConsumer progress);
}
