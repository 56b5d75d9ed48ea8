package io.skiff.apiserver.server;

import io.skiff.common.SkiffException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One streaming request passed on to a node agent on a connection of its own: the request line and the protocol
 * switch headers go out as they came, and the agent's answer comes back either as a switch (the connection is then
 * a byte pipe to the agent) or as a refusal with its text. The answer's head is parsed here by hand because the
 * JDK's HTTP client cannot hand over a switched connection.
 */
final class AgentTunnel {
  private static final int MAX_HEAD = 64 * 1024;

  private AgentTunnel() {}

  /** What the agent answered. */
  sealed interface Answer {
    /** 101: {@code input} continues with the agent's first bytes of the new protocol. */
    record Switched(Socket socket, InputStream input, Map<String, String> headers) implements Answer {}

    /** Anything else, with the body as text. */
    record Refused(int status, String body) implements Answer {}
  }

  static Answer open(Socket socket, String method, String target, String host, List<Map.Entry<String, String>> headers) {
    try {
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      head.append("Host: ").append(host).append("\r\n");
      for (Map.Entry<String, String> h : headers) {
        head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      List<String> lines = readHead(in);
      if (lines.isEmpty()) {
        throw new IOException("the node agent closed the connection without answering");
      }
      String[] status = lines.get(0).split(" ", 3);
      int code = Integer.parseInt(status[1]);
      Map<String, String> fields = new LinkedHashMap<>();
      for (String line : lines.subList(1, lines.size())) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          fields.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
      }
      if (code == 101) {
        return new Answer.Switched(socket, in, fields);
      }
      String length = find(fields, "Content-Length");
      byte[] body = length != null ? in.readNBytes(Math.min(Integer.parseInt(length), MAX_HEAD)) : in.readNBytes(MAX_HEAD);
      socket.close();
      return new Answer.Refused(code, new String(body, StandardCharsets.UTF_8).strip());
    } catch (IOException | RuntimeException e) {
      try {
        socket.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new SkiffException.Unavailable("the node agent's streaming answer failed: " + e.getMessage(), e);
    }
  }

  private static String find(Map<String, String> fields, String name) {
    return fields.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
  }

  private static List<String> readHead(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    List<String> lines = new java.util.ArrayList<>();
    int total = 0;
    int b;
    while ((b = in.read()) >= 0) {
      if (++total > MAX_HEAD) {
        throw new IOException("the node agent's answer head is larger than " + MAX_HEAD + " bytes");
      }
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        if (text.endsWith("\r")) {
          text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
          return lines;
        }
        lines.add(text);
        line.reset();
      } else {
        line.write(b);
      }
    }
    return lines.isEmpty() ? lines : List.of();
  }

  /** The request headers a protocol switch needs, in the order they came. */
  static boolean passedOn(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "upgrade", "connection", "sec-websocket-key", "sec-websocket-version", "sec-websocket-protocol", "x-stream-protocol-version" -> true;
      default -> false;
    };
  }
}
