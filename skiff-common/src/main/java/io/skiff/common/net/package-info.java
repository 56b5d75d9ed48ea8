/**
 * IPv4 network values shared by the control plane (pod CIDR allocation) and the node agent (routes between nodes):
 * a CIDR block as a record that parses, prints and splits itself.
 */
package io.skiff.common.net;
