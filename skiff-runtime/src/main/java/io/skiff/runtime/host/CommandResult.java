package io.skiff.runtime.host;

import io.skiff.common.SkiffException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/** What a program did: its exit code, its stdout as bytes and its stderr as text. */
public record CommandResult(List<String> argv, int exitCode, byte[] stdout, String stderr) {
  public CommandResult {
    argv = List.copyOf(Objects.requireNonNull(argv, "argv"));
    stdout = stdout == null ? new byte[0] : stdout.clone();
    stderr = stderr == null ? "" : stderr;
  }

  @Override
  public byte[] stdout() {
    return stdout.clone();
  }

  public boolean succeeded() {
    return exitCode == 0;
  }

  public String stdoutText() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  /** Returns this result when the program exited 0, else throws {@link SkiffException.Internal} naming it and its stderr. */
  public CommandResult orThrow() {
    if (exitCode != 0) {
      throw new SkiffException.Internal(describe(), null);
    }
    return this;
  }

  /** {@code `runc start X` exited 1: <stderr>} */
  public String describe() {
    String err = stderr.strip();
    return "`" + String.join(" ", argv) + "` exited " + exitCode + (err.isEmpty() ? "" : ": " + err);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CommandResult r && r.argv.equals(argv) && r.exitCode == exitCode && java.util.Arrays.equals(r.stdout, stdout) && r.stderr.equals(stderr);
  }

  @Override
  public int hashCode() {
    return Objects.hash(argv, exitCode, java.util.Arrays.hashCode(stdout), stderr);
  }

  @Override
  public String toString() {
    return describe();
  }
}
