/**
 * The pull side of the OCI distribution API on the JDK HTTP client: resolving a reference to a descriptor,
 * fetching manifests and blobs (verified while streaming), anonymous, Basic and Bearer-token authentication driven
 * by {@code WWW-Authenticate} challenges, mirrors tried before the upstream, retries with backoff on 5xx and broken
 * connections, and timeouts on every call.
 */
package io.skiff.images.registry;
