/**
 * SPDY/3.1 frames over blocking byte streams, with Netty's SPDY frame codec (header compression included) doing
 * the encoding, as kubectl's port-forward speaks it, plainly or tunnelled in a WebSocket.
 */
package io.skiff.streams.spdy;
