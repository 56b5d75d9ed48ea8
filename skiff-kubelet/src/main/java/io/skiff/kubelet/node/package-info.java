/** The node: facts about the host, the Node object and its status, registration and the Lease heartbeat. */
package io.skiff.kubelet.node;
