/**
 * PATCH semantics of the API server: JSON patch (RFC 6902), JSON merge patch (RFC 7386), Kubernetes' strategic merge
 * patch with the merge keys of the core types ({@link io.skiff.apiserver.patch.PatchStrategies}, the one table the
 * OpenAPI generator also publishes), and server-side apply with {@code metadata.managedFields}
 * ({@link io.skiff.apiserver.patch.ServerSideApply}, {@link io.skiff.apiserver.patch.ManagedFields}). Entry point:
 * {@link io.skiff.apiserver.patch.Patcher}. Patches work on JSON trees; turning the result into a model object with
 * field validation is {@link io.skiff.apiserver.patch.Patcher#decodeResult}'s job.
 */
package io.skiff.apiserver.patch;
