package io.skiff.store;

import java.util.List;

/**
 * A page of a list.
 *
 * @param items    the key-values, in key order
 * @param revision the revision the list was read at
 * @param more     whether further keys under the prefix follow the last item
 */
public record ListResult(List<KeyValue> items, long revision, boolean more) {
  public ListResult {
    items = List.copyOf(items);
  }
}
