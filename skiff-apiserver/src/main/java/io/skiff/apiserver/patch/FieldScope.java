package io.skiff.apiserver.patch;

import io.skiff.apiserver.resource.ResourceType;
import java.util.Set;

/**
 * Which top-level parts of an object a manager can own through one endpoint. As in Kubernetes, the identity and
 * bookkeeping fields ({@code apiVersion}, {@code kind}, {@code metadata.name}, {@code uid}, {@code resourceVersion},
 * …) are never owned; through the main resource of a type with a {@code status} subresource the status is not owned,
 * and through {@code /status} only the status is.
 *
 * @param statusOnly    writes through the {@code status} subresource
 * @param excludeStatus writes through the main resource of a type with a {@code status} subresource
 */
record FieldScope(boolean statusOnly, boolean excludeStatus) {

  private static final Set<String> UNOWNED_METADATA = Set.of("name", "namespace", "uid", "resourceVersion",
      "generation", "creationTimestamp", "selfLink", "managedFields", "deletionTimestamp",
      "deletionGracePeriodSeconds", "clusterName");

  /** Everything ownable, whatever the endpoint: for telling which owned fields still exist. */
  static final FieldScope ALL = new FieldScope(false, false);

  static FieldScope of(ResourceType type, String subresource) {
    boolean status = "status".equals(subresource);
    return new FieldScope(status, !status && type.subresources().contains("status"));
  }

  /** Whether top-level field {@code name} can be owned. */
  boolean ownsTopLevel(String name) {
    if (name.equals("apiVersion") || name.equals("kind")) {
      return false;
    }
    if (statusOnly) {
      return name.equals("status");
    }
    return !(excludeStatus && name.equals("status"));
  }

  /** Whether {@code metadata.<name>} can be owned. */
  static boolean ownsMetadata(String name) {
    return !UNOWNED_METADATA.contains(name);
  }
}
