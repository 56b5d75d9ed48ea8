package io.skiff.kubelet.stream;

import io.fabric8.kubernetes.api.model.Status;
import java.io.IOException;

/**
 * The client's side of an exec or attach session, whatever the transport: WebSocket channels or SPDY streams. One
 * thread reads ({@link #read}); any thread sends.
 */
sealed interface ClientStreams permits WebSocketClient, SpdyClient {

  /** The command's outputs a client can receive. */
  enum Output {
    STDOUT,
    STDERR
  }

  /** Reads what the client sends and hands it to {@code input}; returns when the client has gone (or broke the protocol). */
  void read(ClientInput input);

  /** Sends output on its channel; dropped when the client did not ask for that output. */
  void send(Output output, byte[] data, int off, int len) throws IOException;

  /** Sends the session's outcome as the negotiated protocol version writes it, and ends the session's streams. */
  void finish(Status status);
}
