package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** Equality of JSON values as Kubernetes compares merge keys and set elements (numbers by value). */
final class Keys {

  private Keys() {}

  /** A string equal for equal values: {@code 80} and {@code 80.0} are the same key. */
  static String canonical(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "<missing>";
    }
    if (value.isNumber()) {
      BigDecimal d = value.decimalValue().stripTrailingZeros();
      return "n:" + d.toPlainString();
    }
    return value.toString();
  }

  static boolean same(JsonNode a, JsonNode b) {
    return canonical(a).equals(canonical(b));
  }

  /** Deep equality with numbers compared by value. */
  static boolean equalValues(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (var e : a.properties()) {
        if (!equalValues(e.getValue(), b.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!equalValues(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }
}
