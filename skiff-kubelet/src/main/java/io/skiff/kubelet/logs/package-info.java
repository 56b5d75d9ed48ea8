/** Container logs: the CRI log files conmon writes below the pod log root, read back for {@code kubectl logs}. */
package io.skiff.kubelet.logs;
