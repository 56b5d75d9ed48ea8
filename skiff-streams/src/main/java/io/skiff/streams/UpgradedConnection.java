package io.skiff.streams;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * What an HTTP/1.1 connection becomes after a 101 answer: the raw (TLS-decrypted) bytes in both directions as
 * blocking streams. Once Jetty has written the 101, the session runs on its own virtual thread; when it returns, the
 * connection is closed.
 */
public final class UpgradedConnection extends AbstractConnection implements Connection.UpgradeTo {
  private static final int BUFFER = 32 * 1024;

  private final Consumer<UpgradedConnection> session;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ByteBuffer in = BufferUtil.allocate(BUFFER);
  private final InputStream input = new Input();
  private final OutputStream output = new Output();

  UpgradedConnection(EndPoint endPoint, Executor executor, Consumer<UpgradedConnection> session) {
    super(endPoint, executor);
    this.session = session;
  }

  /** Bytes the client sent right behind its request, before Jetty handed the connection over. */
  @Override
  public void onUpgradeTo(ByteBuffer prefilled) {
    if (prefilled != null && prefilled.hasRemaining()) {
      BufferUtil.append(in, prefilled);
    }
  }

  @Override
  public void onOpen() {
    super.onOpen();
    Thread.ofVirtual().name("upgraded-" + getEndPoint().getRemoteSocketAddress()).start(() -> {
      try {
        session.accept(this);
      } finally {
        close();
      }
    });
  }

  @Override
  public void onFillable() {
    // reads are driven by the session's thread (see Input), never by Jetty's selector
  }

  /** What the client sends. Reads block; -1 once the client closed or the connection failed. */
  public InputStream input() {
    return input;
  }

  /** Towards the client. Each write blocks until Jetty has written it. */
  public OutputStream output() {
    return output;
  }

  /** Closes the connection in both directions. */
  @Override
  public void close() {
    getEndPoint().close();
  }

  private final class Input extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (!in.hasRemaining()) {
        BufferUtil.clear(in);
        int n;
        try {
          n = getEndPoint().fill(in);
        } catch (IOException e) {
          return -1;
        }
        if (n < 0) {
          return -1;
        }
        if (n == 0) {
          Callback.Completable ready = new Callback.Completable();
          getEndPoint().fillInterested(ready);
          try {
            ready.get();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading");
          } catch (ExecutionException e) {
            return -1;
          }
        }
      }
      int n = Math.min(len, in.remaining());
      in.get(b, off, n);
      return n;
    }
  }

  private final class Output extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      writeLock.lock();
      try {
        Callback.Completable done = new Callback.Completable();
        getEndPoint().write(done, ByteBuffer.wrap(b, off, len));
        done.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while writing");
      } catch (ExecutionException e) {
        throw new IOException("the client connection failed: " + e.getCause(), e.getCause());
      } finally {
        writeLock.unlock();
      }
    }

    @Override
    public void close() {
      UpgradedConnection.this.close();
    }
  }
}
