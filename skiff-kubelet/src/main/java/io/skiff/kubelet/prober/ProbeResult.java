package io.skiff.kubelet.prober;

/** A probe's published result, as the kubelet's results manager holds it. */
public enum ProbeResult {
  SUCCESS, FAILURE, UNKNOWN
}
