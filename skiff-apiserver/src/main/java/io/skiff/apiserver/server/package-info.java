/**
 * HTTP serving: Jetty 12 (HTTPS, HTTP/2 and HTTP/1.1, handlers on virtual threads), authentication, routing of the
 * Kubernetes URL space, discovery, Table printing and watch streaming. Everything below the URL is the
 * {@link io.skiff.apiserver.rest} layer's business.
 */
package io.skiff.apiserver.server;
