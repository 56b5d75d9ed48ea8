package io.skiff.runtime.conmon;

import io.skiff.runtime.ContainerAttachment;
import io.skiff.runtime.TerminalSize;
import io.skiff.runtime.posix.CoalescingFifo;
import io.skiff.runtime.posix.QueuedInput;
import io.skiff.runtime.posix.SeqPacketSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An attachment through conmon's attach socket ({@link AttachPacket} has the protocol). One platform thread receives
 * packets into the stdout and stderr queues, another sends input (both are blocking native calls, which must not pin
 * virtual threads' carriers). The end of input is a half-close of the socket, on which conmon closes the container's
 * stdin unless it was told to leave it open. conmon closes the socket when the container's process has exited.
 * Terminal sizes go straight to conmon's window size fifo (where its control fifo would pass them on), or to the
 * control fifo of a conmon without one, never more than one line at a time ({@link CoalescingFifo} says why).
 */
public final class ConmonAttachment implements ContainerAttachment {
  private static final Logger LOG = LoggerFactory.getLogger(ConmonAttachment.class);
  private static final byte[] END_OF_INPUT = new byte[0];
  private static final long JOIN_MILLIS = 5_000;

  private final SeqPacketSocket socket;
  private final Path bundle;
  private final QueuedInput stdout = new QueuedInput();
  private final QueuedInput stderr = new QueuedInput();
  private final BlockingQueue<byte[]> input = new ArrayBlockingQueue<>(64);
  private final CountDownLatch ended = new CountDownLatch(1);
  private final CountDownLatch inputSent = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ReentrantLock controlLock = new ReentrantLock();
  private final OutputStream stdin = new Input();
  private CoalescingFifo sizes;
  private boolean sizesDirect;
  private final Thread receiver;
  private final Thread sender;

  private ConmonAttachment(SeqPacketSocket socket, Path bundle) {
    this.socket = socket;
    this.bundle = bundle;
    this.receiver = Thread.ofPlatform().name("attach-out").daemon(true).unstarted(this::receive);
    this.sender = Thread.ofPlatform().name("attach-in").daemon(true).unstarted(this::send);
  }

  /** Connects to the attach socket of the container whose bundle is {@code bundle}. */
  public static ConmonAttachment open(Path bundle) throws IOException {
    ConmonAttachment a = new ConmonAttachment(SeqPacketSocket.connect(ConmonLaunch.attachSocket(bundle)), bundle);
    a.receiver.start();
    a.sender.start();
    return a;
  }

  @Override
  public OutputStream stdin() {
    return stdin;
  }

  @Override
  public InputStream stdout() {
    return stdout;
  }

  @Override
  public InputStream stderr() {
    return stderr;
  }

  @Override
  public void resize(TerminalSize size) {
    controlLock.lock();
    try {
      if (closed.get()) {
        return;
      }
      if (sizes == null) {
        Path winsz = ConmonLaunch.windowSizeFifo(bundle);
        sizesDirect = Files.exists(winsz);
        sizes = CoalescingFifo.open(sizesDirect ? winsz : ConmonLaunch.controlFifo(bundle));
      }
      sizes.replace(sizesDirect ? AttachPacket.windowSizeLine(size) : AttachPacket.resizeLine(size));
    } catch (IOException e) {
      // conmon is gone (the container ended): there is no terminal left to resize
      LOG.debug("cannot resize the terminal of {}: {}", bundle, e.getMessage());
    } finally {
      controlLock.unlock();
    }
  }

  @Override
  public void awaitEnd() throws InterruptedException {
    ended.await();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    socket.shutdown();
    input.clear();
    input.offer(END_OF_INPUT);
    stdout.discard();
    stderr.discard();
    try {
      receiver.join(JOIN_MILLIS);
      sender.join(JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    controlLock.lock();
    try {
      if (sizes != null) {
        sizes.close();
      }
    } finally {
      controlLock.unlock();
    }
    if (!receiver.isAlive() && !sender.isAlive()) {
      socket.close();
    }
  }

  private void receive() {
    byte[] buffer = new byte[64 * 1024];
    try {
      int n;
      while ((n = socket.receive(buffer)) >= 0) {
        var packet = AttachPacket.parse(buffer, n);
        if (packet.isPresent()) {
          (packet.get().stream() == AttachStream.STDERR ? stderr : stdout).push(packet.get().data());
        }
      }
    } catch (IOException e) {
      LOG.debug("attach socket ended: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stdout.end();
      stderr.end();
      ended.countDown();
    }
  }

  private void send() {
    boolean open = true;
    try {
      while (true) {
        byte[] packet = input.take();
        if (packet == END_OF_INPUT) {
          if (open && !closed.get()) {
            socket.shutdownOutput();
          }
          return;
        }
        if (open) {
          try {
            socket.send(packet, packet.length);
          } catch (IOException e) {
            // conmon went away: what is still written is discarded
            open = false;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inputSent.countDown();
    }
  }

  /** Input handed to the sending thread through a bounded queue. */
  private final class Input extends OutputStream {
    private final AtomicBoolean ended = new AtomicBoolean();

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (ended.get() || closed.get()) {
        throw new IOException("the attachment's input has ended");
      }
      for (byte[] packet : AttachPacket.input(b, off, len)) {
        enqueue(packet);
      }
    }

    /** The end of input: returns once what was written has been sent and conmon sees the socket half-closed. */
    @Override
    public void close() throws IOException {
      if (ended.compareAndSet(false, true) && !closed.get()) {
        enqueue(END_OF_INPUT);
        try {
          while (!inputSent.await(100, TimeUnit.MILLISECONDS) && !closed.get()) {
            // the sender is still sending what was written before
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while ending the input");
        }
      }
    }

    private void enqueue(byte[] packet) throws IOException {
      try {
        while (!input.offer(packet, 100, TimeUnit.MILLISECONDS)) {
          if (closed.get()) {
            throw new IOException("the attachment was closed");
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while writing to the attached process");
      }
    }
  }
}
