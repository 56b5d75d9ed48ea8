/** Events the node agent reports about pods and containers (Pulling, Created, Started, Killing, BackOff, …), in Kubernetes' wording. */
package io.skiff.kubelet.event;
