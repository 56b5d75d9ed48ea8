/**
 * Pod traffic between nodes, host-gateway style (as flannel's host-gw backend and kube-router do): the agent keeps, in
 * its network namespace, one route per other node sending that node's pod CIDR to the node's InternalIP, marks the
 * routes it made with its own route protocol number so that it never touches others', enables forwarding, and
 * masquerades only pod traffic that leaves the cluster CIDR. The nodes must share a link (one L2 segment).
 */
package io.skiff.kubelet.hostgw;
