package io.skiff.runtime;

import java.util.List;

/**
 * A pod's resolv.conf: name servers, search domains and options (as {@code ndots:5}), in order.
 */
public record DnsConfig(List<String> servers, List<String> searches, List<String> options) {
  public DnsConfig {
    servers = List.copyOf(servers == null ? List.of() : servers);
    searches = List.copyOf(searches == null ? List.of() : searches);
    options = List.copyOf(options == null ? List.of() : options);
    for (String s : concat(servers, searches, options)) {
      if (s.isBlank() || s.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("DNS servers, searches and options must be single words: '" + s + "'");
      }
    }
  }

  private static List<String> concat(List<String> a, List<String> b, List<String> c) {
    java.util.ArrayList<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    all.addAll(c);
    return all;
  }
}
