package io.skiff.images;

import io.skiff.images.oci.Descriptor;
import io.skiff.images.oci.Digest;
import io.skiff.images.oci.ImageConfig;
import io.skiff.images.ref.ImageRef;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An image present in the local store, ready to run.
 *
 * @param name      the name it is stored under, e.g. {@code docker.io/library/nginx:latest}
 * @param target    the manifest or index the name points at; {@code name@target.digest} is the repo digest
 * @param manifest  the platform manifest's digest
 * @param id        the config digest (the image ID, as {@code crictl images} shows it)
 * @param config    the process defaults and layer diff IDs
 * @param size      bytes of its blobs (manifest, config and compressed layers), the size Kubernetes reports
 * @param chainIds  the snapshot name of each layer, lowest first; the last is what a container root stands on
 * @param layerDirs each layer's unpacked directory, lowest first (overlayfs wants them top-most first)
 */
public record LocalImage(String name, Descriptor target, Digest manifest, Digest id, ImageConfig config, long size,
    List<Digest> chainIds, List<Path> layerDirs, Instant updated) {

  public LocalImage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(config, "config");
    chainIds = List.copyOf(chainIds);
    layerDirs = List.copyOf(layerDirs);
    Objects.requireNonNull(updated, "updated");
  }

  /** The repo digest, e.g. {@code docker.io/library/nginx@sha256:…}, as Kubernetes reports {@code imageID}. */
  public String repoDigest() {
    ImageRef ref = ImageRef.parse(name);
    return ref.name() + "@" + target.digest();
  }

  /** The snapshot a container's writable root stands on (the top layer's chain ID), or empty for a layerless image. */
  public String topSnapshot() {
    return chainIds.isEmpty() ? "" : chainIds.get(chainIds.size() - 1).toString();
  }
}
