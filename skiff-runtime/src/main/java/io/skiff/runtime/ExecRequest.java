package io.skiff.runtime;

import java.util.List;
import java.util.Objects;

/**
 * A command to run in a running container with its streams attached (what {@code kubectl exec} asks for).
 *
 * @param argv        the command and its arguments, non-empty
 * @param tty         whether it runs on a terminal (stdout and stderr are then one stream)
 * @param stdin       whether the caller sends input; without it the command reads end-of-file
 * @param initialSize the terminal's size at start with {@code tty}, or {@code null}
 */
public record ExecRequest(List<String> argv, boolean tty, boolean stdin, TerminalSize initialSize) {
  public ExecRequest {
    argv = List.copyOf(Objects.requireNonNull(argv, "argv"));
    if (argv.isEmpty() || argv.get(0).isEmpty()) {
      throw new IllegalArgumentException("exec needs a command");
    }
  }
}
