package io.skiff.apiserver.resource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Objects;

/**
 * One served resource, as discovery describes it.
 *
 * @param group        API group, empty for core
 * @param version      API version, e.g. {@code v1}
 * @param plural       resource name in URLs, e.g. {@code pods}
 * @param singular     singular name, e.g. {@code pod}
 * @param kind         kind, e.g. {@code Pod}
 * @param namespaced   whether objects live in a namespace
 * @param shortNames   short names for kubectl, e.g. {@code po}
 * @param categories   categories, e.g. {@code all}
 * @param subresources subresources served under an object, e.g. {@code status}, {@code binding}, {@code log}
 * @param modelClass   the fabric8 model class of one object
 */
public record ResourceType(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    List<String> subresources,
    Class<? extends HasMetadata> modelClass) {

  /** The verbs every served resource supports. */
  public static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  public ResourceType {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(plural, "plural");
    Objects.requireNonNull(kind, "kind");
    shortNames = List.copyOf(shortNames);
    categories = List.copyOf(categories);
    subresources = List.copyOf(subresources);
    Objects.requireNonNull(modelClass, "modelClass");
  }

  /** {@code v1} for core, {@code group/version} otherwise: the apiVersion of objects of this type. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The name used in messages, as Kubernetes' {@code GroupResource.String()}: {@code pods}, {@code leases.coordination.k8s.io}. */
  public String groupResource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** The store key prefix for all objects of this type: {@code /registry/<group-qualified plural>/}. */
  public String keyPrefix() {
    return "/registry/" + groupResource() + "/";
  }

  /** The store key of one object. */
  public String key(String namespace, String name) {
    return namespaced ? keyPrefix() + namespace + "/" + name : keyPrefix() + name;
  }
}
