package io.skiff.runtime;

import java.util.List;

/** The numeric user and groups a container's process runs as (names are resolved by the caller against the image). */
public record ProcessUser(long uid, long gid, List<Long> additionalGids) {
  public static final ProcessUser ROOT = new ProcessUser(0, 0, List.of());

  public ProcessUser {
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("uid and gid must not be negative: " + uid + ":" + gid);
    }
    additionalGids = List.copyOf(additionalGids == null ? List.of() : additionalGids);
  }
}
