/**
 * The server side of RFC 6455 over an upgraded connection's blocking streams: the handshake's accept key and
 * subprotocol choice, and messages in and out, with Netty's WebSocket frame codec doing the framing and masking.
 */
package io.skiff.streams.websocket;
