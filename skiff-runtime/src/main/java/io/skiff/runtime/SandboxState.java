package io.skiff.runtime;

/** A sandbox's state, as the CRI names them. */
public enum SandboxState {
  /** The pause process runs and the network is attached. */
  READY,
  /** The sandbox was stopped, or its pause process died. */
  NOT_READY
}
