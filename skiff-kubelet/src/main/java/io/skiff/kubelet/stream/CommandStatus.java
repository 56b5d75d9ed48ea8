package io.skiff.kubelet.stream;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.util.List;

/** The outcomes the kubelet writes at the end of an exec or attach session, in its shapes and words. */
final class CommandStatus {
  private CommandStatus() {}

  static Status success() {
    return new StatusBuilder().withStatus("Success").build();
  }

  /** A command that exited with {@code code} (not 0): the exit code travels as the {@code ExitCode} cause. */
  static Status nonZeroExit(List<String> command, int code) {
    return new StatusBuilder().withStatus("Failure").withReason("NonZeroExitCode")
        .withMessage("command terminated with non-zero exit code: error executing command [" + String.join(" ", command) + "], exit code " + code)
        .withNewDetails().addNewCause().withReason("ExitCode").withMessage(Integer.toString(code)).endCause().endDetails().build();
  }

  /** apimachinery's {@code NewInternalError}: 500, {@code InternalError}, the error as the one cause. */
  static Status internalError(String error) {
    return new StatusBuilder().withStatus("Failure").withCode(500).withReason("InternalError").withMessage("Internal error occurred: " + error)
        .withNewDetails().addNewCause().withMessage(error).endCause().endDetails().build();
  }
}
