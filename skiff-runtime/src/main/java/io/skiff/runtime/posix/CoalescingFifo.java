package io.skiff.runtime.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A named pipe that another process reads line by line, through which only the latest line matters (a terminal's
 * size): {@link #replace} first takes back what the reader has not read yet, then writes the new line, so the pipe
 * never holds more than one line. (conmon releases before mid-2025, Debian 12's 2.1.6 among them, apply the first line
 * of each read as many times as the read has lines, so two sizes written back to back leave the terminal at the first.) Opened for reading and writing,
 * without waiting for a reader; a pipe nobody reads any more just keeps the last line.
 */
public final class CoalescingFifo implements AutoCloseable {
  private final int fd;
  private final Path path;
  private final AtomicBoolean closed = new AtomicBoolean();

  private CoalescingFifo(int fd, Path path) {
    this.fd = fd;
    this.path = path;
  }

  /** Opens the fifo at {@code path}; throws when it does not exist. */
  public static CoalescingFifo open(Path path) throws IOException {
    try {
      return new CoalescingFifo(Libc.C.open(path.toString(), Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC), path);
    } catch (LastErrorException e) {
      throw new IOException("cannot open " + path + ": errno " + e.getErrorCode());
    }
  }

  /** Drops the lines not read yet and writes {@code line} in one write (a pipe writes up to 4 KiB atomically). */
  public void replace(String line) throws IOException {
    byte[] unread = new byte[256];
    try {
      while (Libc.C.read(fd, unread, new NativeLong(unread.length)).intValue() > 0) {
        // taken back: the reader gets only the new line
      }
    } catch (LastErrorException e) {
      if (e.getErrorCode() != Libc.EAGAIN) {
        throw new IOException("cannot read " + path + ": errno " + e.getErrorCode());
      }
    }
    byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
    try {
      int n = Libc.C.write(fd, bytes, new NativeLong(bytes.length)).intValue();
      if (n != bytes.length) {
        throw new IOException("short write to " + path + ": " + n + " of " + bytes.length + " bytes");
      }
    } catch (LastErrorException e) {
      throw new IOException("cannot write to " + path + ": errno " + e.getErrorCode());
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      Libc.C.close(fd);
    }
  }
}
