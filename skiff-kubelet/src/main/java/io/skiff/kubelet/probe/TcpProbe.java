package io.skiff.kubelet.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** The kubelet's TCP probe ({@code DoTCPProbe}): passes when a connection opens within the timeout; else fails with Go's dial error. */
public final class TcpProbe {

  public ProbeOutcome run(String host, int port, Duration timeout) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
      return new ProbeOutcome.Success("");
    } catch (IOException e) {
      return new ProbeOutcome.Failure(GoText.dialError(host, port, e));
    }
  }
}
