package io.skiff.runtime.runc;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Which OCI runtime runs the containers, and where its binary is.
 *
 * @param kind   runc or crun
 * @param binary the executable, e.g. {@code /usr/sbin/runc}
 */
public record OciRuntimeBinary(Kind kind, Path binary) {

  /** The OCI runtimes skiff drives; both take the same commands. */
  public enum Kind {
    RUNC("runc", "/usr/sbin/runc"),
    CRUN("crun", "/usr/bin/crun");

    private final String displayName;
    private final String debianPath;

    Kind(String displayName, String debianPath) {
      this.displayName = displayName;
      this.debianPath = debianPath;
    }

    public String displayName() {
      return displayName;
    }

    /** Where Debian's package installs it. */
    public Path debianPath() {
      return Path.of(debianPath);
    }
  }

  public OciRuntimeBinary {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(binary, "binary");
  }

  public static OciRuntimeBinary runc() {
    return new OciRuntimeBinary(Kind.RUNC, Kind.RUNC.debianPath());
  }

  public static OciRuntimeBinary crun() {
    return new OciRuntimeBinary(Kind.CRUN, Kind.CRUN.debianPath());
  }
}
