package io.skiff.kubelet.probe;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Locale;

/**
 * Texts as the kubelet's Go code prints them, since they reach events and statuses: {@code %q} quoting, {@code %v} of
 * a string slice, {@code net.JoinHostPort} and the errors of {@code net.Dial}.
 */
public final class GoText {
  private GoText() {}

  /** Go's {@code %q} of a string: double-quoted with backslash escapes. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case 7 -> b.append("\\a");
        case 8 -> b.append("\\b");
        case 12 -> b.append("\\f");
        case 11 -> b.append("\\v");
        default -> {
          if (cp < 0x20 || cp == 0x7f) {
            b.append(String.format("\\x%02x", cp));
          } else if (Character.isISOControl(cp) || !Character.isDefined(cp)) {
            b.append(cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
          } else {
            b.appendCodePoint(cp);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** Go's {@code %v} of a {@code []string}: {@code [a b c]}. */
  public static String list(List<String> values) {
    return "[" + String.join(" ", values) + "]";
  }

  /** {@code net.JoinHostPort}: an IPv6 address in brackets. */
  public static String hostPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * The error {@code net.Dial("tcp", addr)} returns, e.g. {@code dial tcp 10.42.0.5:8080: connect: connection refused}
   * or {@code dial tcp 10.42.0.5:8080: i/o timeout}.
   */
  public static String dialError(String host, int port, Throwable e) {
    String addr = hostPort(host, port);
    return switch (e) {
      case UnknownHostException u -> "dial tcp: lookup " + host + ": no such host";
      case UnresolvedAddressException u -> "dial tcp: lookup " + host + ": no such host";
      case SocketTimeoutException t -> "dial tcp " + addr + ": i/o timeout";
      case NoRouteToHostException n -> "dial tcp " + addr + ": connect: no route to host";
      case ConnectException c -> "dial tcp " + addr + ": connect: " + errno(c);
      default -> "dial tcp " + addr + ": " + errno(e);
    };
  }

  /** The OS error text as Go prints it (lower case, as strerror with Go's spelling). */
  static String errno(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int paren = m.indexOf(" (");
    if (paren > 0) {
      m = m.substring(0, paren);
    }
    return m.isEmpty() ? m : m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
  }
}
