package io.skiff.runtime.posix;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An input stream fed in chunks by another thread (a platform thread making blocking native reads, whose chunks
 * virtual threads then read), holding at most {@link #LIMIT} bytes: the feeder waits while it is full. {@link #end()}
 * lets the reader drain what is left and then read the end; {@link #discard()} drops it all.
 */
public final class QueuedInput extends InputStream {
  public static final int LIMIT = 256 * 1024;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private int queued;
  private int pos;
  private boolean ended;

  /** Queues {@code chunk}, waiting while the queue is full; dropped once the stream has ended. */
  public void push(byte[] chunk) throws InterruptedException {
    lock.lock();
    try {
      while (queued >= LIMIT && !ended) {
        changed.await();
      }
      if (!ended && chunk.length > 0) {
        chunks.add(chunk);
        queued += chunk.length;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** No more chunks: the reader reads what is queued, then the end. */
  public void end() {
    lock.lock();
    try {
      ended = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Ends the stream and drops what is queued. */
  public void discard() {
    lock.lock();
    try {
      ended = true;
      chunks.clear();
      queued = 0;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    lock.lock();
    try {
      while (chunks.isEmpty()) {
        if (ended) {
          return -1;
        }
        changed.await();
      }
      byte[] head = chunks.peek();
      int n = Math.min(len, head.length - pos);
      System.arraycopy(head, pos, b, off, n);
      pos += n;
      if (pos == head.length) {
        chunks.poll();
        queued -= head.length;
        pos = 0;
        changed.signalAll();
      }
      return n;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading attached output");
    } finally {
      lock.unlock();
    }
  }
}
