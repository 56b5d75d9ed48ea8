package io.skiff.runtime.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The writing end of a named pipe that another process reads (conmon's control fifo). Opening does not wait for a
 * reader: a fifo nobody reads any more (its reader died) fails at once instead of blocking forever.
 */
public final class FifoWriter implements AutoCloseable {
  private static final int ENXIO = 6;
  private final int fd;
  private final Path path;
  private final AtomicBoolean closed = new AtomicBoolean();

  private FifoWriter(int fd, Path path) {
    this.fd = fd;
    this.path = path;
  }

  /** Opens {@code path} for writing; throws when it does not exist or no process reads it. */
  public static FifoWriter open(Path path) throws IOException {
    try {
      return new FifoWriter(Libc.C.open(path.toString(), Libc.O_WRONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC), path);
    } catch (LastErrorException e) {
      throw new IOException(e.getErrorCode() == ENXIO ? "nothing reads " + path : "cannot open " + path + ": errno " + e.getErrorCode());
    }
  }

  /** Writes {@code text} in one write, so that a reader never sees half a line (a pipe writes up to 4 KiB atomically). */
  public void write(String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    try {
      int n = Libc.C.write(fd, bytes, new NativeLong(bytes.length)).intValue();
      if (n != bytes.length) {
        throw new IOException("short write to " + path + ": " + n + " of " + bytes.length + " bytes");
      }
    } catch (LastErrorException e) {
      throw new IOException(e.getErrorCode() == Libc.EAGAIN ? path + " is full: its reader does not read" : "cannot write to " + path + ": errno "
          + e.getErrorCode());
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      Libc.C.close(fd);
    }
  }
}
