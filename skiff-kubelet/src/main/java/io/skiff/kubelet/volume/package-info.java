/**
 * Pod volumes on the host: emptyDir (disk or tmpfs), hostPath, and the file volumes (configMap, secret on tmpfs,
 * downwardAPI, projected) written atomically as the kubelet does.
 */
package io.skiff.kubelet.volume;
