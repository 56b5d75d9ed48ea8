/**
 * Node IPAM, as Kubernetes' node-ipam-controller with its range allocator: every Node without {@code spec.podCIDR} gets
 * a free block of the cluster CIDR; the blocks in use are learnt from the Nodes themselves (so they survive a restart)
 * and a deleted Node's block is free again.
 */
package io.skiff.controllers.nodeipam;
