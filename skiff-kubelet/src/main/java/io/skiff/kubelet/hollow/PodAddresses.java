package io.skiff.kubelet.hollow;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The addresses of one hollow node's pod network, a /24 given as its first three octets: .1 to .254, handed out in
 * order and reused once released. Running out is an error, as a real node's IPAM would report.
 */
public final class PodAddresses {
  private final String prefix;
  private final ReentrantLock lock = new ReentrantLock();
  private final Deque<Integer> free = new ArrayDeque<>();
  private int next = 1;

  /** @param prefix the first three octets, e.g. {@code 10.64.3} */
  public PodAddresses(String prefix) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  public String cidr() {
    return prefix + ".0/24";
  }

  String next() {
    lock.lock();
    try {
      Integer reused = free.pollFirst();
      if (reused != null) {
        return prefix + "." + reused;
      }
      if (next > 254) {
        throw new io.skiff.common.SkiffException.Unavailable("no free address left in " + cidr(), null);
      }
      return prefix + "." + next++;
    } finally {
      lock.unlock();
    }
  }

  void release(String ip) {
    if (ip == null || !ip.startsWith(prefix + ".")) {
      return;
    }
    lock.lock();
    try {
      free.addLast(Integer.parseInt(ip.substring(prefix.length() + 1)));
    } finally {
      lock.unlock();
    }
  }
}
