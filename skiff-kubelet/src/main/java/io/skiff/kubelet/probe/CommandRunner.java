package io.skiff.kubelet.probe;

import io.skiff.runtime.ExecResult;
import java.time.Duration;
import java.util.List;

/**
 * Runs a command in a running container (the runtime's {@code execSync}): its exit code and output; throws
 * {@link io.skiff.common.SkiffException.Timeout} after killing it when it outlives {@code timeout}, and other
 * {@link io.skiff.common.SkiffException}s when it cannot be run.
 */
@FunctionalInterface
public interface CommandRunner {
  ExecResult run(String containerId, List<String> argv, Duration timeout);
}
