package io.skiff.apiserver.patch;

import java.time.Instant;
import java.util.Objects;

/**
 * What a patch needs beyond its body: used by server-side apply (who applies, whether to take over conflicting
 * fields, the time recorded in {@code managedFields}).
 *
 * @param fieldManager the {@code fieldManager} query parameter (required for apply), or null
 * @param force        the {@code force} query parameter of apply
 * @param subresource  the subresource patched ({@code status}) or empty for the main resource
 * @param now          the time to record
 */
public record PatchOptions(String fieldManager, boolean force, String subresource, Instant now) {
  public PatchOptions {
    subresource = subresource == null ? "" : subresource;
    Objects.requireNonNull(now, "now");
  }

  /** Options of a main-resource patch by {@code fieldManager}. */
  public static PatchOptions of(String fieldManager, boolean force, Instant now) {
    return new PatchOptions(fieldManager, force, "", now);
  }
}
