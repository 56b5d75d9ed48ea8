/**
 * Image references parsed and normalised as Docker and containerd do ({@code nginx} is
 * {@code docker.io/library/nginx:latest}); a malformed reference is refused with a message naming the fault.
 */
package io.skiff.images.ref;
