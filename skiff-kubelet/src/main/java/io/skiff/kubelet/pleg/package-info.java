/** The pod lifecycle event generator: relists the runtime and turns container state changes into events that wake pod workers. */
package io.skiff.kubelet.pleg;
