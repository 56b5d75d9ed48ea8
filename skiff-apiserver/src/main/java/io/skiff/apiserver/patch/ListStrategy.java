package io.skiff.apiserver.patch;

import java.util.List;
import java.util.Objects;

/**
 * How a list field merges under strategic merge patch and server-side apply (Kubernetes' {@code patchStrategy} and
 * {@code patchMergeKey} struct tags, {@code +listType} and {@code +listMapKey} markers).
 *
 * @param mergeKey    the field identifying an element ({@code name}, {@code mountPath}), or null for a set of
 *                    primitives ({@code finalizers})
 * @param retainKeys  whether elements also honour {@code $retainKeys} ({@code volumes})
 * @param listMapKeys the keys of a {@code listType=map} list as published in OpenAPI (the merge key first)
 */
public record ListStrategy(String mergeKey, boolean retainKeys, List<String> listMapKeys) {
  public ListStrategy {
    listMapKeys = List.copyOf(listMapKeys);
    if (mergeKey != null && (listMapKeys.isEmpty() || !listMapKeys.get(0).equals(mergeKey))) {
      throw new IllegalArgumentException("listMapKeys must start with the merge key " + mergeKey);
    }
  }

  static ListStrategy byKey(String mergeKey, String... moreKeys) {
    return new ListStrategy(Objects.requireNonNull(mergeKey), false, keys(mergeKey, moreKeys));
  }

  static ListStrategy byKeyRetainingKeys(String mergeKey) {
    return new ListStrategy(Objects.requireNonNull(mergeKey), true, List.of(mergeKey));
  }

  static ListStrategy set() {
    return new ListStrategy(null, false, List.of());
  }

  private static List<String> keys(String first, String... more) {
    java.util.ArrayList<String> all = new java.util.ArrayList<>();
    all.add(first);
    all.addAll(List.of(more));
    return all;
  }

  /** Whether this is a set of primitives rather than a list of keyed objects. */
  public boolean isSet() {
    return mergeKey == null;
  }

  /** {@code x-kubernetes-patch-strategy}: {@code merge} or {@code merge,retainKeys}. */
  public String patchStrategy() {
    return retainKeys ? "merge,retainKeys" : "merge";
  }

  /** {@code x-kubernetes-list-type}: {@code map} or {@code set}. */
  public String listType() {
    return isSet() ? "set" : "map";
  }
}
