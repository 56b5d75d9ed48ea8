package io.skiff.kubelet.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Status;
import io.skiff.runtime.TerminalSize;
import io.skiff.streams.websocket.Message;
import io.skiff.streams.websocket.WebSocket;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client on Kubernetes' WebSocket channel protocol ({@link ChannelProtocol}): every binary message starts with its
 * channel byte; the session ends with the {@code Status} on the error channel and a close frame.
 */
final class WebSocketClient implements ClientStreams {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebSocket ws;
  private final ChannelProtocol protocol;
  private final StreamOptions options;

  WebSocketClient(WebSocket ws, ChannelProtocol protocol, StreamOptions options) {
    this.ws = ws;
    this.protocol = protocol;
    this.options = options;
  }

  @Override
  public void read(ClientInput input) {
    try {
      while (true) {
        Optional<Message> m = ws.read();
        if (m.isEmpty()) {
          return;
        }
        byte[] data = m.get().data();
        if (data.length == 0) {
          continue;
        }
        switch (data[0] & 0xff) {
          case ChannelProtocol.STDIN -> {
            if (data.length > 1) {
              input.stdin(data, 1, data.length - 1);
            }
          }
          case ChannelProtocol.RESIZE -> {
            JsonNode size = JSON.readTree(Arrays.copyOfRange(data, 1, data.length));
            input.resize(new TerminalSize(size.path("Width").asInt(0), size.path("Height").asInt(0)));
          }
          case ChannelProtocol.CLOSE -> {
            if (protocol == ChannelProtocol.V5 && data.length > 1 && data[1] == ChannelProtocol.STDIN) {
              input.stdinEnded();
            }
          }
          default -> {
            // other channels carry nothing from a client
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("stream client ended: {}", e.toString());
    }
  }

  @Override
  public void send(Output output, byte[] data, int off, int len) throws IOException {
    boolean wanted = output == Output.STDOUT ? options.stdout() || options.tty() : options.stderr();
    if (!wanted) {
      return;
    }
    byte[] frame = new byte[len + 1];
    frame[0] = (byte) (output == Output.STDOUT ? ChannelProtocol.STDOUT : ChannelProtocol.STDERR);
    System.arraycopy(data, off, frame, 1, len);
    ws.sendBinary(frame, 0, frame.length);
  }

  @Override
  public void finish(Status status) {
    try {
      byte[] json = JSON.writeValueAsBytes(status);
      byte[] frame = new byte[json.length + 1];
      frame[0] = ChannelProtocol.ERROR;
      System.arraycopy(json, 0, frame, 1, json.length);
      ws.sendBinary(frame, 0, frame.length);
      ws.close(1000, "");
    } catch (IOException e) {
      LOG.debug("cannot send the session's status: {}", e.toString());
    }
  }
}
