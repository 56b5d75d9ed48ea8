package io.skiff.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // the per-id locks are held by try-with-resources without touching the handle
class KeyedLocksTest {
  private final KeyedLocks locks = new KeyedLocks();

  @Test
  void oneKeyIsHeldByOneThreadAtATime() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 50; i++) {
        exec.submit(() -> {
          try (var held = locks.lock("a")) {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            Thread.yield();
            inside.decrementAndGet();
          }
        });
      }
    }
    assertThat(most.get()).isEqualTo(1);
  }

  @Test
  void differentKeysDoNotBlockEachOther() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
      exec.submit(() -> {
        try (var held = locks.lock("a")) {
          holding.countDown();
          release.await();
        }
        return null;
      });
      holding.await();
      Future<Boolean> other = exec.submit(() -> {
        try (var held = locks.lock("b")) {
          return true;
        }
      });
      assertThat(other.get(5, TimeUnit.SECONDS)).isTrue();
      release.countDown();
    }
  }
}
