/**
 * What the API server serves: the catalogue of resource types ({@link io.skiff.apiserver.resource.ResourceType},
 * {@link io.skiff.apiserver.resource.ResourceTypes}) and the per-type behaviour plugged into the generic REST
 * machinery ({@link io.skiff.apiserver.resource.ResourceStrategy}: defaulting, validation, printing, fields).
 */
package io.skiff.apiserver.resource;
