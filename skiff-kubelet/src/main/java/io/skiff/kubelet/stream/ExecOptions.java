package io.skiff.kubelet.stream;

import java.util.List;

/**
 * What {@code pods/exec} asked for, from its query: {@code command} (repeated), {@code stdin}, {@code stdout},
 * {@code stderr}, {@code tty}.
 */
public record ExecOptions(List<String> command, boolean stdin, boolean stdout, boolean stderr, boolean tty) {
  public ExecOptions {
    command = List.copyOf(command);
  }
}
