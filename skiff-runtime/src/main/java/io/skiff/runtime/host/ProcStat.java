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

  /**
   * Waits until the process is no longer running (exited; a zombie counts as exited), polling /proc with a backoff
   * from 0.5 ms to 20 ms: Linux offers no way to wait for a process that is not one's child short of pidfds, which
   * Java cannot use. Returns whether it is gone.
   */
  public static boolean awaitGone(long pid, long startTicks, java.time.Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 500_000;
    while (isRunning(pid, startTicks)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, 20_000_000);
    }
    return true;
  }

  /** Whether a process with this PID and start time is still running. */
  public static boolean isRunning(long pid, long startTicks) {
    return read(pid).filter(s -> s.running() && (startTicks == 0 || s.startTicks() == startTicks)).isPresent();
  }
}
