package io.skiff.images.registry;

import java.time.Duration;

/** Waits between retries; tests replace it so that they never sleep. */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM = d -> {
    if (!d.isZero()) {
      Thread.sleep(d);
    }
  };

  void sleep(Duration duration) throws InterruptedException;
}
