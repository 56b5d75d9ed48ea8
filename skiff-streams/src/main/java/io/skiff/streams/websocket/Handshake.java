package io.skiff.streams.websocket;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The server's half of the WebSocket opening handshake (RFC 6455 section 4.2.2). */
public final class Handshake {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private Handshake() {}

  /** {@code Sec-WebSocket-Accept} for the client's {@code Sec-WebSocket-Key}. */
  public static String accept(String key) {
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from the JDK", e);
    }
  }

  /** The first of {@code supported} (in the server's order of preference) that the client offered, if any. */
  public static Optional<String> choose(String offered, List<String> supported) {
    if (offered == null) {
      return Optional.empty();
    }
    List<String> offers = java.util.Arrays.stream(offered.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    return supported.stream().filter(offers::contains).findFirst();
  }

  /** The headers of the 101 answer. */
  public static Map<String, String> answer(String key, String protocol) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Upgrade", "websocket");
    h.put("Connection", "Upgrade");
    h.put("Sec-WebSocket-Accept", accept(key));
    h.put("Sec-WebSocket-Protocol", protocol);
    return h;
  }
}
