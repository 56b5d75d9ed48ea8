package io.skiff.kubelet.pod;

import java.util.Map;

/**
 * Kubernetes' {@code $(VAR)} expansion of env values, command and args: {@code $(NAME)} becomes the variable's value
 * when it is defined and stays as written when not; {@code $$} is an escaped {@code $}; any other {@code $} and an
 * unterminated {@code $(} stay as written.
 */
public final class VariableExpansion {
  private VariableExpansion() {}

  public static String expand(String input, Map<String, String> vars) {
    if (input == null || input.indexOf('$') < 0) {
      return input == null ? "" : input;
    }
    StringBuilder out = new StringBuilder(input.length());
    int checkpoint = 0;
    for (int cursor = 0; cursor < input.length(); cursor++) {
      if (input.charAt(cursor) != '$' || cursor + 1 >= input.length()) {
        continue;
      }
      out.append(input, checkpoint, cursor);
      char next = input.charAt(cursor + 1);
      int advance = 1;
      if (next == '$') {
        out.append('$');
      } else if (next == '(') {
        int close = input.indexOf(')', cursor + 2);
        if (close < 0) {
          out.append("$(");
        } else {
          String name = input.substring(cursor + 2, close);
          String value = vars.get(name);
          out.append(value != null ? value : "$(" + name + ")");
          advance = close - cursor;
        }
      } else {
        out.append('$').append(next);
      }
      cursor += advance;
      checkpoint = cursor + 1;
    }
    out.append(input, Math.min(checkpoint, input.length()), input.length());
    return out.toString();
  }
}
