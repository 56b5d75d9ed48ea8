/**
 * Pull credentials: registry credentials read from the data of {@code kubernetes.io/dockerconfigjson} and
 * {@code kubernetes.io/dockercfg} secrets (raw JSON bytes) and matched to an image's registry and repository as the
 * kubelet's keyring matches them. Secrets never appear in messages or {@code toString}.
 */
package io.skiff.images.auth;
