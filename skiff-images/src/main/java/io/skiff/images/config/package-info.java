/**
 * Registry configuration in k3s's {@code registries.yaml} format: mirrors per registry (tried before the upstream,
 * as containerd does), per-host credentials and TLS settings, plain-HTTP endpoints; and the resolution of an image
 * reference into the ordered list of endpoints to try.
 */
package io.skiff.images.config;
