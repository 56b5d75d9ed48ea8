package io.skiff.store.etcd;

import io.etcd.jetcd.common.exception.ClosedClientException;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.common.exception.EtcdExceptionFactory;
import io.skiff.common.SkiffException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Awaits jetcd's futures on the caller's thread with a deadline and turns their failures into the store's errors,
 * by gRPC status code (never by message text): unreachable is {@link SkiffException.Unavailable}, too slow is
 * {@link SkiffException.Timeout}, a request over etcd's size limit {@link SkiffException.TooLarge}; OUT_OF_RANGE (a compacted or future revision) is handed back to the caller as
 * {@link OutOfRange}, which knows which of the two it asked for.
 */
final class EtcdCalls {
  private final String endpoints;
  private final Duration timeout;

  EtcdCalls(String endpoints, Duration timeout) {
    this.endpoints = endpoints;
    this.timeout = timeout;
  }

  /** etcd answered OUT_OF_RANGE: the revision asked for is compacted or not reached yet. */
  static final class OutOfRange extends RuntimeException {
    OutOfRange(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  Duration timeout() {
    return timeout;
  }

  <T> T await(CompletableFuture<T> call, String what) {
    try {
      return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new SkiffException.Timeout("etcd at " + endpoints + " did not answer " + what + " within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new SkiffException.Unavailable("interrupted while waiting for etcd at " + endpoints + " (" + what + ")", e);
    } catch (CancellationException e) {
      throw new SkiffException.Unavailable("the request to etcd at " + endpoints + " was cancelled (" + what + ")", e);
    } catch (ExecutionException e) {
      throw translate(e.getCause(), what);
    }
  }

  RuntimeException translate(Throwable failure, String what) {
    if (failure instanceof ClosedClientException) {
      return new SkiffException.Unavailable("the store is closed", failure);
    }
    EtcdException etcd = failure instanceof EtcdException ee ? ee : EtcdExceptionFactory.toEtcdException(failure);
    ErrorCode code = etcd.getErrorCode();
    if (code == ErrorCode.OUT_OF_RANGE) {
      return new OutOfRange(etcd);
    }
    if (code == ErrorCode.DEADLINE_EXCEEDED) {
      return new SkiffException.Timeout("etcd at " + endpoints + " did not answer " + what + " in time: " + etcd.getMessage());
    }
    if (code == ErrorCode.UNAVAILABLE || code == ErrorCode.CANCELLED || code == ErrorCode.ABORTED || code == ErrorCode.UNKNOWN) {
      return new SkiffException.Unavailable("etcd at " + endpoints + " is unavailable (" + what + "): " + etcd.getMessage(), etcd);
    }
    if (code == ErrorCode.INVALID_ARGUMENT) {
      // The requests this store builds (one key, one operation per branch) are only invalid to etcd when they exceed
      // its --max-request-bytes (1.5 MiB by default).
      return new SkiffException.TooLarge("etcd at " + endpoints + " refused " + what + " as too large: " + etcd.getMessage());
    }
    return new SkiffException.Internal("etcd at " + endpoints + " refused " + what + ": " + etcd.getMessage(), etcd);
  }
}
