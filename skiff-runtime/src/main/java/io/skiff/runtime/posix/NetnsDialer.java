package io.skiff.runtime.posix;

import com.sun.jna.LastErrorException;
import io.skiff.common.SkiffException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Opens TCP connections from inside a network namespace. {@code setns} changes the namespace of the calling thread
 * only, so each connection is made on a short-lived platform thread of its own: it enters the pod's namespace,
 * creates and connects the socket (which stays in that namespace for its life) and ends, so no thread of the
 * process is ever left in a pod's namespace.
 */
public final class NetnsDialer {
  private NetnsDialer() {}

  /** Connects to {@code 127.0.0.1:port} in the namespace at {@code netns}; throws {@link IOException} when nothing listens. */
  public static SocketChannel connectLoopback(Path netns, int port) throws IOException {
    CompletableFuture<SocketChannel> result = new CompletableFuture<>();
    Thread.ofPlatform().name("netns-dial").daemon(true).start(() -> {
      try {
        result.complete(dial(netns, port));
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while connecting");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new SkiffException.Internal("cannot connect in " + netns + ": " + e.getCause(), e.getCause());
    }
  }

  private static SocketChannel dial(Path netns, int port) throws IOException {
    int target;
    try {
      target = Libc.C.open(netns.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC);
    } catch (LastErrorException e) {
      throw new SkiffException.NotFound("the pod's network namespace " + netns + " cannot be opened: errno " + e.getErrorCode());
    }
    try {
      Libc.C.setns(target, Libc.CLONE_NEWNET);
    } catch (LastErrorException e) {
      throw new SkiffException.Internal("cannot enter the network namespace " + netns + ": errno " + e.getErrorCode(), e);
    } finally {
      Libc.C.close(target);
    }
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.INET);
    try {
      ch.connect(new InetSocketAddress("127.0.0.1", port));
      return ch;
    } catch (IOException e) {
      ch.close();
      throw e;
    }
  }
}
