package io.skiff.runtime.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One program to run.
 *
 * @param argv       the program and its arguments
 * @param env        variables added to (or replacing) the inherited environment
 * @param stdin      bytes written to its stdin, then closed
 * @param timeout    how long it may run before it is killed
 * @param workingDir its working directory, or {@code null} for the JVM's
 */
public record CommandLine(List<String> argv, Map<String, String> env, byte[] stdin, Duration timeout, Path workingDir) {
  public CommandLine {
    argv = List.copyOf(Objects.requireNonNull(argv, "argv"));
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("empty command line");
    }
    env = Map.copyOf(env == null ? Map.of() : env);
    stdin = stdin == null ? new byte[0] : stdin.clone();
    Objects.requireNonNull(timeout, "timeout");
  }

  public static CommandLine of(Duration timeout, List<String> argv) {
    return new CommandLine(argv, Map.of(), null, timeout, null);
  }

  public static CommandLine of(Duration timeout, String... argv) {
    return of(timeout, List.of(argv));
  }

  @Override
  public byte[] stdin() {
    return stdin.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CommandLine c && c.argv.equals(argv) && c.env.equals(env) && java.util.Arrays.equals(c.stdin, stdin)
        && c.timeout.equals(timeout) && Objects.equals(c.workingDir, workingDir);
  }

  @Override
  public int hashCode() {
    return Objects.hash(argv, env, java.util.Arrays.hashCode(stdin), timeout, workingDir);
  }

  @Override
  public String toString() {
    return String.join(" ", argv);
  }
}
