package io.skiff.runtime;

/** A container's state, as the CRI names them. */
public enum ContainerState {
  /** Created by the OCI runtime, its process waiting to be started. */
  CREATED,
  /** Its process runs. */
  RUNNING,
  /** Its process exited; the exit code is known. */
  EXITED,
  /** The runtime knows the container but can find neither its process nor an exit code (e.g. conmon was killed). */
  UNKNOWN
}
