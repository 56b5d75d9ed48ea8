package io.skiff.runtime.posix;

import com.sun.jna.LastErrorException;

/** Signals to processes by PID. */
public final class Signals {
  private Signals() {}

  /** Sends SIGHUP; false when the process is gone. */
  public static boolean hangUp(long pid) {
    return send(pid, Libc.SIGHUP);
  }

  /** Sends SIGKILL; false when the process is gone. */
  public static boolean kill(long pid) {
    return send(pid, Libc.SIGKILL);
  }

  /** Sends SIGWINCH (the terminal's size changed); false when the process is gone. */
  public static boolean windowChanged(long pid) {
    return send(pid, Libc.SIGWINCH);
  }

  private static boolean send(long pid, int signal) {
    if (pid <= 0) {
      return false;
    }
    try {
      Libc.C.kill((int) pid, signal);
      return true;
    } catch (LastErrorException e) {
      return false;
    }
  }
}
