/**
 * The per-resource behaviour behind the generic REST machinery, one {@link io.skiff.apiserver.resource.ResourceStrategy}
 * per served type (found through {@link io.skiff.apiserver.registry.Strategies}): Kubernetes 1.33's defaulting
 * (including what its default admission plugins add to pods), validation with Kubernetes' field paths and wording,
 * status handling, server-side table columns (with the pod STATUS algorithm and
 * {@link io.skiff.apiserver.registry.HumanDuration} ages), and selectable fields. The shared string rules are in
 * {@link io.skiff.apiserver.registry.NameRules} and {@link io.skiff.apiserver.registry.ObjectMetaValidation}.
 */
package io.skiff.apiserver.registry;
