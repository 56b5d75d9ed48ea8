package io.skiff.images.content;

import io.skiff.images.oci.Digest;
import java.util.List;

/** Lists and deletes committed blobs. */
public interface ContentManager {
  /** Every committed blob. */
  List<BlobInfo> walk();

  /** Deletes a blob; true when it existed. */
  boolean delete(Digest digest);
}
