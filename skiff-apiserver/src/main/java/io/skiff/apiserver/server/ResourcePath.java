package io.skiff.apiserver.server;

import io.skiff.apiserver.resource.ResourceType;
import io.skiff.apiserver.resource.ResourceTypes;
import io.skiff.common.SkiffException;
import java.util.Optional;

/**
 * A parsed resource URL: {@code /api/v1/namespaces/NS/pods/NAME/log}, {@code /apis/GROUP/VERSION/leases}, …
 *
 * @param type        the resource
 * @param namespace   the namespace from the URL, or null (cluster-scoped, or every namespace)
 * @param name        the object name, or null for the collection
 * @param subresource the subresource, or null
 */
record ResourcePath(ResourceType type, String namespace, String name, String subresource) {

  /** Parses the segments after the group-version; empty when they name no served resource. */
  static Optional<ResourcePath> parse(String group, String version, String[] segs) {
    if (segs.length == 0) {
      return Optional.empty();
    }
    if (segs[0].equals("namespaces") && segs.length >= 3 && ResourceTypes.find(group, version, segs[2]).isPresent()) {
      ResourceType type = ResourceTypes.find(group, version, segs[2]).get();
      if (!type.namespaced() || segs.length > 5) {
        return Optional.empty();
      }
      return Optional.of(new ResourcePath(type, segs[1], segs.length > 3 ? segs[3] : null, segs.length > 4 ? segs[4] : null));
    }
    Optional<ResourceType> type = ResourceTypes.find(group, version, segs[0]);
    if (type.isEmpty() || segs.length > 3) {
      return Optional.empty();
    }
    if (type.get().namespaced() && segs.length > 1) {
      return Optional.empty();
    }
    ResourcePath p = new ResourcePath(type.get(), null, segs.length > 1 ? segs[1] : null, segs.length > 2 ? segs[2] : null);
    if (p.subresource != null && !p.type.subresources().contains(p.subresource)) {
      return Optional.empty();
    }
    return Optional.of(p);
  }

  ResourcePath {
    if (subresource != null && !type.subresources().contains(subresource)) {
      throw new SkiffException.NotFound("the server could not find the requested resource");
    }
  }

  /** The key prefix of the collection this path lists. */
  String listPrefix() {
    return type.namespaced() && namespace != null ? type.keyPrefix() + namespace + "/" : type.keyPrefix();
  }
}
