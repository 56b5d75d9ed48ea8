/**
 * The agent's own HTTPS API, which the API server calls (it proxies {@code pods/log} here): Jetty on virtual threads,
 * accepting only client certificates issued by the configured CA.
 */
package io.skiff.kubelet.server;
