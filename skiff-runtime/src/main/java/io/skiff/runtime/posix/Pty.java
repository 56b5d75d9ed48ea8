package io.skiff.runtime.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import io.skiff.common.SkiffException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pseudo-terminal pair: the master stays here, the slave ({@link #slavePath()}) is what a child process opens as
 * its terminal. This side also keeps one slave descriptor (opened without becoming a controlling terminal) so that
 * reading the master cannot fail before the child has opened its end; {@link #releaseSlave()} drops it once the
 * child is gone, after which reads end. Reads and writes are blocking native calls: make them on platform threads.
 */
public final class Pty implements AutoCloseable {
  private final int master;
  private final Path slavePath;
  private volatile int slave;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Pty(int master, Path slavePath, int slave) {
    this.master = master;
    this.slavePath = slavePath;
    this.slave = slave;
  }

  /** Opens a new pair. */
  public static Pty open() {
    int m = -1;
    try {
      m = Libc.C.posix_openpt(Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC);
      Libc.C.grantpt(m);
      Libc.C.unlockpt(m);
      byte[] name = new byte[128];
      Libc.C.ptsname_r(m, name, new NativeLong(name.length));
      int len = 0;
      while (len < name.length && name[len] != 0) {
        len++;
      }
      Path path = Path.of(new String(name, 0, len, StandardCharsets.US_ASCII));
      int s = Libc.C.open(path.toString(), Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC);
      return new Pty(m, path, s);
    } catch (LastErrorException e) {
      if (m >= 0) {
        Libc.C.close(m);
      }
      throw new SkiffException.Internal("cannot open a pseudo-terminal: errno " + e.getErrorCode(), e);
    }
  }

  public Path slavePath() {
    return slavePath;
  }

  /** Sets the terminal's size; the foreground process learns it from SIGWINCH (sent by the caller when it is no session's terminal). */
  public void resize(int columns, int rows) {
    try {
      Libc.C.ioctl(master, new NativeLong(Libc.TIOCSWINSZ), new short[] {(short) rows, (short) columns, 0, 0});
    } catch (LastErrorException e) {
      throw new SkiffException.Internal("cannot resize the pseudo-terminal: errno " + e.getErrorCode(), e);
    }
  }

  /** Reads what the child wrote; -1 once every slave descriptor is closed (EIO). Blocks. */
  public int read(byte[] buf) throws IOException {
    while (true) {
      try {
        int n = Libc.C.read(master, buf, new NativeLong(buf.length)).intValue();
        return n == 0 ? -1 : n;
      } catch (LastErrorException e) {
        if (e.getErrorCode() == Libc.EINTR) {
          continue;
        }
        if (e.getErrorCode() == Libc.EIO) {
          return -1;
        }
        throw new IOException("reading the pseudo-terminal failed: errno " + e.getErrorCode());
      }
    }
  }

  /** Writes all of {@code data} to the child's terminal input. Blocks while the terminal's buffer is full. */
  public void write(byte[] data, int length) throws IOException {
    int off = 0;
    while (off < length) {
      byte[] chunk = off == 0 ? data : java.util.Arrays.copyOfRange(data, off, length);
      try {
        off += Libc.C.write(master, chunk, new NativeLong(length - off)).intValue();
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Libc.EINTR) {
          throw new IOException("writing the pseudo-terminal failed: errno " + e.getErrorCode());
        }
      }
    }
  }

  /** Closes this side's slave descriptor: once the child's are closed too, {@link #read} returns -1. */
  public void releaseSlave() {
    int s = slave;
    if (s >= 0) {
      slave = -1;
      Libc.C.close(s);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      releaseSlave();
      Libc.C.close(master);
    }
  }
}
