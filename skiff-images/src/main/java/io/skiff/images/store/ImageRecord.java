package io.skiff.images.store;

import io.skiff.images.oci.Descriptor;
import io.skiff.images.oci.Digest;
import java.time.Instant;
import java.util.Objects;

/**
 * One named image.
 *
 * @param name     the normalised reference it was stored under, e.g. {@code docker.io/library/nginx:latest}
 * @param target   the manifest or index the name resolved to
 * @param manifest the digest of the platform manifest (equal to the target's when the target is a manifest)
 * @param config   the digest of the config blob (the image ID)
 * @param status   ready, or bad when its content was refused (the reason says why)
 */
public record ImageRecord(String name, Descriptor target, Digest manifest, Digest config, Status status, String reason,
    Instant created, Instant updated) {

  public enum Status { READY, BAD }

  public ImageRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(status, "status");
    reason = reason == null ? "" : reason;
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(updated, "updated");
    if (status == Status.READY) {
      Objects.requireNonNull(manifest, "manifest");
      Objects.requireNonNull(config, "config");
    }
  }

  public boolean ready() {
    return status == Status.READY;
  }
}
