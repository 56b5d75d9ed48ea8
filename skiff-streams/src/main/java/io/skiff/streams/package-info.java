/**
 * Streaming connections: an HTTP/1.1 request that switched protocols (101) becomes a pair of blocking byte
 * streams ({@link io.skiff.streams.UpgradedConnection}), over which the API server relays and the node agent speaks
 * WebSocket ({@link io.skiff.streams.websocket}) or SPDY/3.1 ({@link io.skiff.streams.spdy}).
 */
package io.skiff.streams;
