package io.skiff.runtime.conmon;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One container for conmon to create.
 *
 * @param id        the container id (also the OCI runtime's id)
 * @param bundle    the OCI bundle directory; conmon also keeps its pid files, control fifo, attach socket and
 *                  {@code oom} marker there
 * @param logPath   where to write the CRI-format log, or {@code null} for none (the pause)
 * @param tty       give the process a terminal
 * @param stdin     give the process a stdin that attachments write to (with a terminal, the terminal is its stdin)
 * @param stdinOnce close that stdin when the first attachment's input ends (without a terminal)
 */
public record ConmonLaunch(String id, Path bundle, Path logPath, boolean tty, boolean stdin, boolean stdinOnce) {
  public ConmonLaunch {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(bundle, "bundle");
  }

  /** The file the OCI runtime writes the container's PID to. */
  public static Path containerPidFile(Path bundle) {
    return bundle.resolve("container.pid");
  }

  /** The file conmon writes its own (daemon) PID to. */
  public static Path conmonPidFile(Path bundle) {
    return bundle.resolve("conmon.pid");
  }

  /** conmon's attach socket (SOCK_SEQPACKET), bound in the bundle. */
  public static Path attachSocket(Path bundle) {
    return bundle.resolve("attach");
  }

  /** conmon's control fifo: lines {@code "TYPE HEIGHT WIDTH"}, type 1 resizing the terminal. */
  public static Path controlFifo(Path bundle) {
    return bundle.resolve("ctl");
  }

  /** The fifo newer conmon (Debian 12's 2.1.6 among them) passes control fifo resizes on to, as lines {@code "HEIGHT WIDTH"}. */
  public static Path windowSizeFifo(Path bundle) {
    return bundle.resolve("winsz");
  }

  /** The marker conmon creates in its working directory (the bundle) when the OOM killer struck the container. */
  public static Path oomFile(Path bundle) {
    return bundle.resolve("oom");
  }
}
