/**
 * OCI bundles: the runtime-spec {@code config.json} model ({@link io.skiff.runtime.oci.OciSpec}), the defaults
 * containerd applies (capabilities, mounts, masked and read-only paths, rlimits), and the translation of a
 * {@link io.skiff.runtime.ContainerConfig} or a pause process into a spec that joins the pod's namespaces
 * ({@link io.skiff.runtime.oci.SpecGenerator}). Pure functions of their inputs; nothing here touches the host.
 */
package io.skiff.runtime.oci;
