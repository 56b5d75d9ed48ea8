package io.skiff.streams.websocket;

/**
 * One complete WebSocket message.
 *
 * @param binary whether it was a binary (not a text) message
 * @param data   its payload
 */
public record Message(boolean binary, byte[] data) {
  public Message {
    java.util.Objects.requireNonNull(data, "data");
  }
}
