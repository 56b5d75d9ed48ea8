package io.skiff.store;

import java.util.Comparator;

/**
 * The order of keys in a {@link Store}: by Unicode code point, which is the order of the keys' UTF-8 bytes (etcd's
 * and SQLite's order). It differs from {@link String#compareTo} only for characters outside the Basic Multilingual
 * Plane; all keys starting with one prefix are contiguous in it.
 */
public final class KeyOrder {
  private KeyOrder() {}

  /** Compares keys by code point. */
  public static final Comparator<String> COMPARATOR = KeyOrder::compare;

  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
