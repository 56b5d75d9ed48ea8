package io.skiff.apiserver.openapi;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Set;

/**
 * The names Kubernetes gives its schemas, for fabric8 model classes: {@code io.k8s.api.core.v1.Pod},
 * {@code io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta}, {@code io.k8s.api.coordination.v1.Lease}. fabric8 keeps
 * core/v1 and meta/v1 types in one package; the meta/v1 ones are listed here.
 */
final class SchemaNames {

  static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  static final String TIME = META + "Time";
  static final String MICRO_TIME = META + "MicroTime";
  static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
  static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
  static final String RAW_EXTENSION = "io.k8s.apimachinery.pkg.runtime.RawExtension";
  static final String PATCH = META + "Patch";

  private static final String FABRIC8 = "io.fabric8.kubernetes.api.model";

  /** meta/v1 types that fabric8 keeps in its core package. */
  private static final Set<String> META_TYPES = Set.of("ObjectMeta", "ListMeta", "OwnerReference",
      "ManagedFieldsEntry", "FieldsV1", "Status", "StatusDetails", "StatusCause", "DeleteOptions", "Preconditions",
      "WatchEvent", "LabelSelector", "LabelSelectorRequirement", "Condition", "APIResource", "APIResourceList",
      "APIGroup", "APIGroupList", "APIVersions", "GroupVersionForDiscovery", "ServerAddressByClientCIDR",
      "ListOptions", "GetOptions", "CreateOptions", "UpdateOptions", "PatchOptions", "TypeMeta", "RootPaths",
      "PartialObjectMetadata", "PartialObjectMetadataList", "Table", "TableColumnDefinition", "TableRow",
      "TableRowCondition", "Duration");

  private SchemaNames() {}

  /** Whether {@code c} is a fabric8 model class (and so gets a schema of its own). */
  static boolean isModel(Class<?> c) {
    return c.getPackageName().equals(FABRIC8) || c.getPackageName().startsWith(FABRIC8 + ".");
  }

  /** The Kubernetes schema name of a fabric8 model class. */
  static String of(Class<?> c) {
    if (c == Quantity.class) {
      return QUANTITY;
    }
    if (c == IntOrString.class) {
      return INT_OR_STRING;
    }
    if (c == MicroTime.class) {
      return MICRO_TIME;
    }
    String pkg = c.getPackageName();
    String simple = c.getSimpleName();
    if (pkg.equals(FABRIC8)) {
      return (META_TYPES.contains(simple) ? META : "io.k8s.api.core.v1.") + simple;
    }
    if (pkg.startsWith(FABRIC8 + ".")) {
      return "io.k8s.api." + pkg.substring(FABRIC8.length() + 1) + "." + simple;
    }
    throw new IllegalArgumentException("not a fabric8 model class: " + c.getName());
  }

  /** The last segment, as kubectl explain shows a type: {@code Container}. */
  static String shortName(String schemaName) {
    return schemaName.substring(schemaName.lastIndexOf('.') + 1);
  }
}
