package io.skiff.images.snapshot;

import io.skiff.images.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Chain IDs as the OCI image-spec defines them: the first layer's is its diff ID; each next one is
 * {@code sha256(parentChainID + " " + diffID)}. A chain ID names a layer together with everything under it.
 */
public final class ChainIds {
  private ChainIds() {}

  /** The chain ID of every prefix of {@code diffIds}, lowest layer first. */
  public static List<Digest> of(List<Digest> diffIds) {
    List<Digest> out = new ArrayList<>(diffIds.size());
    Digest parent = null;
    for (Digest d : diffIds) {
      parent = parent == null ? d : Digest.sha256((parent + " " + d).getBytes(StandardCharsets.UTF_8));
      out.add(parent);
    }
    return List.copyOf(out);
  }
}
