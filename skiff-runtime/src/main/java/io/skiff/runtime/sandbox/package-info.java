/**
 * The pieces of a pod sandbox besides its pause process: the network namespace skiff creates and pins with a bind
 * mount under the runtime root ({@link io.skiff.runtime.sandbox.NetworkNamespaces}), the per-pod /etc files
 * ({@link io.skiff.runtime.sandbox.EtcFiles}) and the local sandbox image, a tiny root holding Debian's static
 * {@code catatonit} ({@link io.skiff.runtime.sandbox.SandboxImage}).
 */
package io.skiff.runtime.sandbox;
