package io.skiff.kubelet.probe;

import java.util.Objects;

/**
 * What one check found, as the kubelet's {@code probe.Result} with its output and error: success, success with a
 * warning (an HTTP probe that stopped at a redirect), failure (the output says why), or an error of the check itself
 * (the kubelet retries it and then throws the result away).
 */
public sealed interface ProbeOutcome {

  /** The output, or the error's text. */
  String output();

  /** The check passed. */
  record Success(String output) implements ProbeOutcome {
    public Success {
      output = output == null ? "" : output;
    }
  }

  /** The check passed with a remark, reported as a {@code ProbeWarning} event. */
  record Warning(String output) implements ProbeOutcome {
    public Warning {
      Objects.requireNonNull(output, "output");
    }
  }

  /** The check failed; {@code output} is what the {@code Unhealthy} event shows after {@code … probe failed: }. */
  record Failure(String output) implements ProbeOutcome {
    public Failure {
      output = output == null ? "" : output;
    }
  }

  /** The check could not be run (a port that does not resolve, a runtime error). */
  record Errored(String output) implements ProbeOutcome {
    public Errored {
      Objects.requireNonNull(output, "output");
    }
  }
}
