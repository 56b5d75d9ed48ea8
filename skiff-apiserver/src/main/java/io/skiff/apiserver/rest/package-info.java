/**
 * The generic REST semantics every resource shares, as the apiserver's generic registry: metadata on create
 * (uid, creationTimestamp, generateName, generation), optimistic concurrency, patches, dry runs, graceful deletion
 * and finalizers, list options (selectors, pagination, resourceVersion) and watches. Type-specific behaviour comes
 * from a {@link io.skiff.apiserver.resource.ResourceStrategy}.
 */
package io.skiff.apiserver.rest;
