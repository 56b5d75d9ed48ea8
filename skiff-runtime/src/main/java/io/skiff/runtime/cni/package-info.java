/**
 * Pod networking through CNI, with the reference plugins Debian ships in {@code /usr/lib/cni}: a conflist generated
 * from a {@link io.skiff.runtime.cni.NetworkConfig} (bridge with host-local IPAM, plus portmap when the pod publishes
 * host ports), the loopback plugin for {@code lo}, and plugin invocation exactly as the CNI 1.0 spec describes
 * (environment variables, the network configuration on stdin, {@code prevResult} chaining, {@code runtimeConfig} for
 * declared capabilities, DEL in reverse order with the cached ADD result).
 */
package io.skiff.runtime.cni;
