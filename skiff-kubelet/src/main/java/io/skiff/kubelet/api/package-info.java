/**
 * The node agent's narrow views of the API server, each over the fabric8 client: ConfigMaps and Secrets for
 * containers and volumes, events, pod status writes and the final delete. Internal to the agent.
 */
package io.skiff.kubelet.api;
