/**
 * Pod startup latency as the kubelet tracks it: when the agent first saw a pod, when it began and finished pulling
 * images for it, when it handed a status with every container running to the status manager, and when its own watch
 * saw that status come back from the API server. Once per pod it logs "Observed pod startup duration" at INFO and
 * counts the duration without image pulls in a histogram with the kubelet's buckets; at DEBUG it also logs the
 * timestamped steps of the pod's first sync (informer, sync, sandbox, containers, status, PATCH), so that the time
 * from create to Running can be accounted for.
 */
package io.skiff.kubelet.startup;
