/**
 * The runc-based runtime: {@link io.skiff.runtime.runc.RuncRuntime} implements
 * {@link io.skiff.runtime.ContainerRuntime} by composing the OCI runtime's command line
 * ({@link io.skiff.runtime.runc.OciRuntimeCli}, runc or crun), conmon, CNI, the sandbox pieces and OCI spec
 * generation. All state lives in files under {@link io.skiff.runtime.runc.RuntimeConfig#root()} (records, bundles,
 * exit codes, IPAM) and the OCI runtime's state directory, so a new instance adopts what an earlier one started.
 */
package io.skiff.runtime.runc;
