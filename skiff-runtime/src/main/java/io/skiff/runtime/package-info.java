/**
 * The container runtime's contract, shaped like the CRI: {@link io.skiff.runtime.ContainerRuntime} is the union of
 * {@link io.skiff.runtime.SandboxManager} (the pod's pause process, network namespace and per-pod files) and
 * {@link io.skiff.runtime.ContainerManager} (the pod's containers). Callers pass plain records
 * ({@link io.skiff.runtime.SandboxConfig}, {@link io.skiff.runtime.ContainerConfig}) and never see runc, conmon or CNI.
 * Every call is idempotent by id, and ids are derived from the pod's uid, the container's name and the attempt, so a
 * caller that restarts and repeats a call gets the same object back instead of a second copy.
 */
package io.skiff.runtime;
