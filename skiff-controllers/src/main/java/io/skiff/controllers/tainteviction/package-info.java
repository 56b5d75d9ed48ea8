/**
 * The taint eviction controller, as Kubernetes' {@code taint-eviction-controller}: pods on nodes with {@code NoExecute}
 * taints they do not tolerate are deleted at once, and those that tolerate them for {@code tolerationSeconds} are
 * deleted when that time has passed, unless the taints go first.
 */
package io.skiff.controllers.tainteviction;
