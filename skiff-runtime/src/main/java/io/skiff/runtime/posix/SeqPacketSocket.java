package io.skiff.runtime.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connected Unix {@code SOCK_SEQPACKET} socket, which the JDK cannot open: every send is one packet and every
 * receive returns one whole packet, as conmon's attach socket expects. Sends and receives are blocking native calls:
 * make them on platform threads. {@link #shutdown()} unblocks a receive (it then reports the end) without freeing the
 * descriptor, which {@link #close()} frees once no call can still be using it.
 */
public final class SeqPacketSocket implements AutoCloseable {
  /** The longest path a {@code sockaddr_un} holds (108 bytes with the terminating NUL). */
  private static final int MAX_PATH = 107;
  private final int fd;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SeqPacketSocket(int fd) {
    this.fd = fd;
  }

  /** Connects to the socket at {@code path}; a path too long for a socket address is reached through its directory. */
  public static SeqPacketSocket connect(Path path) throws IOException {
    int fd;
    try {
      fd = Libc.C.socket(Libc.AF_UNIX, Libc.SOCK_SEQPACKET | Libc.SOCK_CLOEXEC, 0);
    } catch (LastErrorException e) {
      throw new IOException("cannot create a unix socket: errno " + e.getErrorCode());
    }
    int dir = -1;
    try {
      String target = path.toString();
      if (target.getBytes(StandardCharsets.UTF_8).length > MAX_PATH) {
        // As conmon and podman do: the directory opened with O_PATH stands in for its long name
        dir = Libc.C.open(path.getParent().toString(), Libc.O_PATH | Libc.O_CLOEXEC);
        target = "/proc/self/fd/" + dir + "/" + path.getFileName();
      }
      byte[] address = address(target);
      Libc.C.connect(fd, address, address.length);
      return new SeqPacketSocket(fd);
    } catch (LastErrorException e) {
      Libc.C.close(fd);
      throw new IOException("cannot connect to " + path + ": errno " + e.getErrorCode());
    } catch (IOException | RuntimeException e) {
      Libc.C.close(fd);
      throw e;
    } finally {
      if (dir >= 0) {
        Libc.C.close(dir);
      }
    }
  }

  /** A {@code sockaddr_un}: the family in host byte order (little-endian on x86-64 and arm64), then the NUL-terminated path. */
  static byte[] address(String path) throws IOException {
    byte[] name = path.getBytes(StandardCharsets.UTF_8);
    if (name.length > MAX_PATH) {
      throw new IOException("a unix socket path is at most " + MAX_PATH + " bytes: " + path);
    }
    byte[] address = new byte[2 + name.length + 1];
    address[0] = (byte) Libc.AF_UNIX;
    System.arraycopy(name, 0, address, 2, name.length);
    return address;
  }

  /**
   * Receives one packet into {@code buffer} (a longer packet is cut to the buffer's size, as the socket type does);
   * returns its length, or -1 once the peer closed or this socket was shut down. Blocks.
   */
  public int receive(byte[] buffer) throws IOException {
    while (true) {
      try {
        int n = Libc.C.recv(fd, buffer, new NativeLong(buffer.length), 0).intValue();
        return n == 0 ? -1 : n;
      } catch (LastErrorException e) {
        switch (e.getErrorCode()) {
          case Libc.EINTR -> {
            // interrupted by a signal: try again
          }
          case Libc.ECONNRESET -> {
            return -1;
          }
          default -> throw new IOException("receiving from the unix socket failed: errno " + e.getErrorCode());
        }
      }
    }
  }

  /** Sends {@code length} bytes from {@code packet} as one packet. Blocks while the socket's buffer is full. */
  public void send(byte[] packet, int length) throws IOException {
    while (true) {
      try {
        Libc.C.send(fd, packet, new NativeLong(length), Libc.MSG_NOSIGNAL);
        return;
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Libc.EINTR) {
          throw new IOException("sending on the unix socket failed: errno " + e.getErrorCode());
        }
      }
    }
  }

  /** Tells the peer nothing more will be sent (it reads the end); receiving goes on. */
  public void shutdownOutput() {
    shutdownQuietly(Libc.SHUT_WR);
  }

  /** Ends both directions: a blocked {@link #receive} returns -1 and a blocked {@link #send} fails. */
  public void shutdown() {
    shutdownQuietly(Libc.SHUT_RDWR);
  }

  private void shutdownQuietly(int how) {
    if (closed.get()) {
      return;
    }
    try {
      Libc.C.shutdown(fd, how);
    } catch (LastErrorException e) {
      // not connected any more: nothing left to end
    }
  }

  /** Frees the descriptor; call it once no thread can still be sending or receiving. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        Libc.C.shutdown(fd, Libc.SHUT_RDWR);
      } catch (LastErrorException e) {
        // not connected any more
      }
      Libc.C.close(fd);
    }
  }
}
