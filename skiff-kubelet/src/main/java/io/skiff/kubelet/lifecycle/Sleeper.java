package io.skiff.kubelet.lifecycle;

import java.time.Duration;

/** Waits out a {@code sleep} hook; interruption ends it early. Injectable so that tests need not wait. */
@FunctionalInterface
public interface Sleeper {
  /** The real thing. */
  Sleeper SYSTEM = d -> java.util.concurrent.TimeUnit.NANOSECONDS.sleep(d.toNanos());

  void sleep(Duration d) throws InterruptedException;
}
