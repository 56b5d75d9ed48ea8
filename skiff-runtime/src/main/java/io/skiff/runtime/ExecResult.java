package io.skiff.runtime;

import java.nio.charset.StandardCharsets;

/** What a command run with {@link ContainerManager#execSync} did: its exit code and everything it wrote. */
public record ExecResult(int exitCode, byte[] stdout, byte[] stderr) {
  public ExecResult {
    stdout = stdout == null ? new byte[0] : stdout.clone();
    stderr = stderr == null ? new byte[0] : stderr.clone();
  }

  @Override
  public byte[] stdout() {
    return stdout.clone();
  }

  @Override
  public byte[] stderr() {
    return stderr.clone();
  }

  public String stdoutText() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  public String stderrText() {
    return new String(stderr, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExecResult r && r.exitCode == exitCode && java.util.Arrays.equals(r.stdout, stdout) && java.util.Arrays.equals(r.stderr, stderr);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * exitCode + java.util.Arrays.hashCode(stdout)) + java.util.Arrays.hashCode(stderr);
  }

  @Override
  public String toString() {
    return "ExecResult[exitCode=" + exitCode + ", stdout=" + stdoutText() + ", stderr=" + stderrText() + "]";
  }
}
