package io.skiff.apiserver.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The string rules of Kubernetes' API machinery (DNS-1123 names, qualified names, label values, config keys, port
 * names and numbers, environment variable names), each returning the problems it found with Kubernetes' exact
 * wording, or an empty list when the value is fine. Callers turn each problem into a {@code FieldError}.
 */
public final class NameRules {

  public static final int DNS1123_LABEL_MAX = 63;
  public static final int DNS1123_SUBDOMAIN_MAX = 253;
  public static final int QUALIFIED_NAME_MAX = 63;
  public static final int LABEL_VALUE_MAX = 63;

  private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
  private static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
  private static final String CONFIG_KEY_FMT = "[-._a-zA-Z0-9]+";

  private static final Pattern DNS1123_LABEL = Pattern.compile(DNS1123_LABEL_FMT);
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FMT);
  private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_FMT);
  private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);
  private static final Pattern CONFIG_KEY = Pattern.compile(CONFIG_KEY_FMT);
  private static final Pattern PORT_NAME_CHARSET = Pattern.compile("[-a-z0-9]+");
  private static final Pattern PORT_NAME_LETTER = Pattern.compile(".*[a-z].*");

  private static final String DNS1123_LABEL_MSG =
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
  private static final String DNS1123_SUBDOMAIN_MSG =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  private static final String QUALIFIED_NAME_MSG =
      "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  private static final String LABEL_VALUE_MSG =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  private static final String CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
  private static final String RELAXED_ENV_MSG = "a valid environment variable name must consist only of printable ASCII characters other than '='";

  private NameRules() {}

  /** A DNS-1123 label: namespaces, container, volume and port-less names. */
  public static List<String> dns1123Label(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > DNS1123_LABEL_MAX) {
      errs.add(maxLength(DNS1123_LABEL_MAX));
    }
    if (!DNS1123_LABEL.matcher(value).matches()) {
      errs.add(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, "my-name", "123-abc"));
    }
    return errs;
  }

  /** A DNS-1123 subdomain: most object names. */
  public static List<String> dns1123Subdomain(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > DNS1123_SUBDOMAIN_MAX) {
      errs.add(maxLength(DNS1123_SUBDOMAIN_MAX));
    }
    if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
      errs.add(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"));
    }
    return errs;
  }

  /** A qualified name with an optional DNS subdomain prefix: label keys, annotation keys, finalizers. */
  public static List<String> qualifiedName(String value) {
    List<String> errs = new ArrayList<>();
    String[] parts = value.split("/", -1);
    String name;
    switch (parts.length) {
      case 1 -> name = parts[0];
      case 2 -> {
        String prefix = parts[0];
        name = parts[1];
        if (prefix.isEmpty()) {
          errs.add("prefix part must be non-empty");
        } else {
          for (String msg : dns1123Subdomain(prefix)) {
            errs.add("prefix part " + msg);
          }
        }
      }
      default -> {
        errs.add("a qualified name " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
        return errs;
      }
    }
    if (name.isEmpty()) {
      errs.add("name part must be non-empty");
    } else if (name.length() > QUALIFIED_NAME_MAX) {
      errs.add("name part " + maxLength(QUALIFIED_NAME_MAX));
    }
    if (!QUALIFIED_NAME.matcher(name).matches()) {
      errs.add("name part " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"));
    }
    return errs;
  }

  /** A label value (may be empty). */
  public static List<String> labelValue(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > LABEL_VALUE_MAX) {
      errs.add(maxLength(LABEL_VALUE_MAX));
    }
    if (!LABEL_VALUE.matcher(value).matches()) {
      errs.add(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
    }
    return errs;
  }

  /** A key of a ConfigMap or Secret. */
  public static List<String> configMapKey(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > DNS1123_SUBDOMAIN_MAX) {
      errs.add(maxLength(DNS1123_SUBDOMAIN_MAX));
    }
    if (!CONFIG_KEY.matcher(value).matches()) {
      errs.add(regexError(CONFIG_KEY_MSG, CONFIG_KEY_FMT, "key.name", "KEY_NAME", "key-name"));
    }
    if (value.equals(".")) {
      errs.add("must not be '.'");
    } else if (value.equals("..")) {
      errs.add("must not be '..'");
    } else if (value.startsWith("..")) {
      errs.add("must not start with '..'");
    }
    return errs;
  }

  /** An IANA service name as used for container port names. */
  public static List<String> portName(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > 15) {
      errs.add(maxLength(15));
    }
    if (!PORT_NAME_CHARSET.matcher(value).matches()) {
      errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if (!PORT_NAME_LETTER.matcher(value).matches()) {
      errs.add("must contain at least one letter (a-z)");
    }
    if (value.contains("--")) {
      errs.add("must not contain consecutive hyphens");
    }
    if (!value.isEmpty() && (value.charAt(0) == '-' || value.charAt(value.length() - 1) == '-')) {
      errs.add("must not begin or end with a hyphen");
    }
    return errs;
  }

  /** A TCP/UDP port number. */
  public static List<String> portNumber(long port) {
    return port >= 1 && port <= 65535 ? List.of() : List.of(inclusiveRange(1, 65535));
  }

  /** An environment variable name under the relaxed rule Kubernetes 1.33 enables by default. */
  public static List<String> environmentVariableName(String value) {
    List<String> errs = new ArrayList<>();
    if (value.isEmpty()) {
      errs.add("environment variable name must be non-empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '=') {
        errs.add(RELAXED_ENV_MSG);
        break;
      }
    }
    return errs;
  }

  /** A name usable as one URL path segment (the rule every object name must pass). */
  public static List<String> pathSegmentName(String value, boolean prefix) {
    if (!prefix && (value.equals(".") || value.equals(".."))) {
      return List.of("may not be '" + value + "'");
    }
    List<String> errs = new ArrayList<>();
    if (value.contains("/")) {
      errs.add("may not contain '/'");
    }
    if (value.contains("%")) {
      errs.add("may not contain '%'");
    }
    return errs;
  }

  /** {@code must be no more than N characters}. */
  public static String maxLength(int n) {
    return "must be no more than " + n + " characters";
  }

  /** {@code must be between lo and hi, inclusive}. */
  public static String inclusiveRange(long lo, long hi) {
    return "must be between " + lo + " and " + hi + ", inclusive";
  }

  /** Kubernetes' regex explanation: the message, examples in quotes, then the regex. */
  public static String regexError(String message, String regex, String... examples) {
    StringBuilder b = new StringBuilder(message);
    if (examples.length == 0) {
      return b.append(" (regex used for validation is '").append(regex).append("')").toString();
    }
    b.append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      if (i > 0) {
        b.append(" or ");
      }
      b.append('\'').append(examples[i]).append("', ");
    }
    return b.append("regex used for validation is '").append(regex).append("')").toString();
  }
}
