package io.skiff.images.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One authentication challenge from a {@code WWW-Authenticate} header, e.g. {@code Bearer
 * realm="https://auth.example/token",service="registry",scope="repository:a/b:pull"}.
 *
 * @param scheme     lower-cased scheme: {@code bearer} or {@code basic}
 * @param parameters parameter names lower-cased, values unquoted
 */
public record Challenge(String scheme, Map<String, String> parameters) {
  public Challenge {
    Objects.requireNonNull(scheme, "scheme");
    parameters = Map.copyOf(parameters);
  }

  public String parameter(String name) {
    return parameters.getOrDefault(name, "");
  }

  /** Parses every challenge in the header values (several may share one header, separated by commas). */
  public static List<Challenge> parse(List<String> headerValues) {
    List<Challenge> out = new ArrayList<>();
    for (String h : headerValues) {
      out.addAll(parse(h));
    }
    return out;
  }

  /** Parses the challenges of one header value. */
  public static List<Challenge> parse(String header) {
    List<Challenge> out = new ArrayList<>();
    int i = 0;
    int n = header.length();
    while (i < n) {
      while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == ',')) {
        i++;
      }
      int start = i;
      while (i < n && isToken(header.charAt(i))) {
        i++;
      }
      if (start == i) {
        break;
      }
      String scheme = header.substring(start, i).toLowerCase(Locale.ROOT);
      Map<String, String> params = new LinkedHashMap<>();
      while (i < n) {
        while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == ',')) {
          i++;
        }
        int ks = i;
        while (i < n && isToken(header.charAt(i))) {
          i++;
        }
        int ke = i;
        while (i < n && header.charAt(i) == ' ') {
          i++;
        }
        if (ks == ke || i >= n || header.charAt(i) != '=') {
          i = ks;
          break;
        }
        i++;
        while (i < n && header.charAt(i) == ' ') {
          i++;
        }
        StringBuilder v = new StringBuilder();
        if (i < n && header.charAt(i) == '"') {
          i++;
          while (i < n && header.charAt(i) != '"') {
            if (header.charAt(i) == '\\' && i + 1 < n) {
              i++;
            }
            v.append(header.charAt(i++));
          }
          i++;
        } else {
          while (i < n && header.charAt(i) != ',' && header.charAt(i) != ' ') {
            v.append(header.charAt(i++));
          }
        }
        params.put(header.substring(ks, ke).toLowerCase(Locale.ROOT), v.toString());
      }
      out.add(new Challenge(scheme, params));
    }
    return out;
  }

  private static boolean isToken(char c) {
    return Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
