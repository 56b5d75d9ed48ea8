package io.skiff.kubelet.probe;

import io.skiff.common.SkiffException;
import io.skiff.runtime.ExecResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The kubelet's exec probe: the command runs in the container; exit 0 passes, any other exit fails with the command's
 * output (stdout then stderr, at most 10 KB) as the reason, running past the timeout fails with
 * {@code command "<argv joined>" timed out}, and a command the runtime cannot run at all is an error of the probe.
 */
public final class ExecProbe {
  /** The kubelet keeps at most this much of the output. */
  public static final int MAX_OUTPUT = 10 * 1024;

  private final CommandRunner runner;

  public ExecProbe(CommandRunner runner) {
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  public ProbeOutcome run(String containerId, List<String> argv, Duration timeout) {
    ExecResult r;
    try {
      r = runner.run(containerId, argv, timeout);
    } catch (SkiffException.Timeout e) {
      return new ProbeOutcome.Failure(timedOut(argv));
    } catch (SkiffException e) {
      return new ProbeOutcome.Errored(e.getMessage());
    }
    String output = output(r);
    return r.exitCode() == 0 ? new ProbeOutcome.Success(output) : new ProbeOutcome.Failure(output);
  }

  /** {@code command "sh -c sleep 5" timed out}, the runtime's timeout error as the kubelet words it. */
  public static String timedOut(List<String> argv) {
    return "command " + GoText.quote(String.join(" ", argv)) + " timed out";
  }

  /** Stdout followed by stderr, cut to {@link #MAX_OUTPUT} bytes. */
  public static String output(ExecResult r) {
    byte[] out = r.stdout();
    byte[] err = r.stderr();
    byte[] all = new byte[Math.min(MAX_OUTPUT, out.length + err.length)];
    int n = Math.min(out.length, all.length);
    System.arraycopy(out, 0, all, 0, n);
    System.arraycopy(err, 0, all, n, all.length - n);
    return new String(all, StandardCharsets.UTF_8);
  }
}
