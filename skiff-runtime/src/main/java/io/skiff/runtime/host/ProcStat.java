package io.skiff.runtime.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process as {@code /proc/<pid>/stat} shows it: its state letter, parent and start time in clock ticks since boot.
 * The start time tells a process apart from a later one that reuses its PID.
 */
public record ProcStat(long pid, char state, long ppid, long startTicks) {

  /** Reads the process, or empty when there is no such process. */
  public static Optional<ProcStat> read(long pid) {
    if (pid <= 0) {
      return Optional.empty();
    }
    String text;
    try {
      text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(parse(pid, text));
  }

  /** Parses the text of a stat file; the command name in parentheses may itself contain spaces and parentheses. */
  static ProcStat parse(long pid, String text) {
    int close = text.lastIndexOf(')');
    String[] f = text.substring(close + 2).trim().split(" ");
    return new ProcStat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[19]));
  }

  /** Whether it runs (is neither a zombie nor dead). */
  public boolean running() {
    return state != 'Z' && state != 'X' && state != 'x';
  }

  /** Whether a process with this PID and start time is still running. */
  public static boolean isRunning(long pid, long startTicks) {
    return read(pid).filter(s -> s.running() && (startTicks == 0 || s.startTicks() == startTicks)).isPresent();
  }
}
