package io.skiff.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Waiting for a condition with a deadline instead of sleeping; on timeout the failure names what was seen last. */
public final class Await {
  private Await() {}

  /**
   * Polls {@code observe} until {@code done} is true for its value, or fails after {@code timeout} with the last
   * observed value in the message.
   */
  public static <T> T until(String what, Duration timeout, Supplier<T> observe, java.util.function.Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    RuntimeException lastError = null;
    while (true) {
      try {
        last = observe.get();
        lastError = null;
        if (done.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        lastError = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError failure = new AssertionError("timed out after " + timeout + " waiting for " + what + "; last seen: " + last);
        if (lastError != null) {
          failure.initCause(lastError);
        }
        throw failure;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  /** Polls until {@code condition} holds. */
  public static void until(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
    until(what, timeout, condition::getAsBoolean, Boolean::booleanValue);
  }
}
