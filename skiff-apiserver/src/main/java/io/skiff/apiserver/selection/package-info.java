/**
 * Label and field selectors as the Kubernetes API accepts them in {@code labelSelector} and {@code fieldSelector}
 * query parameters: parsing with Kubernetes' grammar and error messages (errors are
 * {@link io.skiff.common.SkiffException.BadRequest}), matching against an object's labels or selectable fields,
 * and conversion from a structured {@code metav1.LabelSelector}.
 */
package io.skiff.apiserver.selection;
