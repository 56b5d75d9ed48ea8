/**
 * Test fixtures for images, meant to be reused by other modules' tests: {@link io.skiff.images.testing.LocalRegistry}
 * runs Debian's {@code docker-registry} on loopback (anonymous, htpasswd Basic, or token auth with an in-process
 * issuer) behind a request-counting proxy, and {@link io.skiff.images.testing.TestImages} builds OCI images from
 * busybox-static and bash-static and pushes them with skopeo.
 */
package io.skiff.images.testing;
