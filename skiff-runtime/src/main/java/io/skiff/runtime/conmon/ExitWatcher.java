package io.skiff.runtime.conmon;

import io.skiff.common.SkiffException;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Watches conmon's exit directory (inotify through a {@link WatchService}) so that callers can wait for a
 * container's exit without polling. conmon writes {@code <exitDir>/<id>} atomically (write and rename) once the
 * container's process has been reaped and its output drained.
 */
public final class ExitWatcher implements AutoCloseable {
  private final Path exitDir;
  private final WatchService watchService;
  private final ConcurrentHashMap<String, Set<Semaphore>> waiters = new ConcurrentHashMap<>();
  private final Thread loop;
  private final java.util.List<java.util.function.Consumer<String>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  public ExitWatcher(Path exitDir) {
    this.exitDir = exitDir;
    try {
      Files.createDirectories(exitDir);
      this.watchService = exitDir.getFileSystem().newWatchService();
      exitDir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot watch conmon's exit directory " + exitDir, e);
    }
    this.loop = Thread.ofVirtual().name("exit-watcher").start(this::dispatch);
  }

  /** The exit conmon recorded for this container, if it exited. */
  public Optional<ExitRecord> read(String id) {
    Path file = exitDir.resolve(id);
    try {
      String text = Files.readString(file).trim();
      return Optional.of(new ExitRecord(Integer.parseInt(text), Files.getLastModifiedTime(file).toInstant()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Waits up to {@code timeout} for the container's exit; empty when it has not exited by then. */
  public Optional<ExitRecord> await(String id, Duration timeout) {
    Semaphore signal = new Semaphore(0);
    waiters.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(signal);
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        Optional<ExitRecord> now = read(id);
        long left = deadline - System.nanoTime();
        if (now.isPresent() || left <= 0) {
          return now;
        }
        signal.tryAcquire(left, TimeUnit.NANOSECONDS);
        signal.drainPermits();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkiffException.Unavailable("interrupted while waiting for container " + id + " to exit", e);
    } finally {
      waiters.computeIfPresent(id, (k, set) -> {
        set.remove(signal);
        return set.isEmpty() ? null : set;
      });
    }
  }

  /** Calls {@code listener} with the id of every container whose exit file appears from now on. */
  public void onExit(java.util.function.Consumer<String> listener) {
    listeners.add(listener);
  }

  /** Removes the exit record (once the container is removed). */
  public void forget(String id) {
    try {
      Files.deleteIfExists(exitDir.resolve(id));
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot remove exit file of " + id, e);
    }
  }

  private void dispatch() {
    while (true) {
      WatchKey key;
      try {
        key = watchService.take();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      for (WatchEvent<?> event : key.pollEvents()) {
        if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
          waiters.values().forEach(set -> set.forEach(Semaphore::release));
        } else if (event.context() instanceof Path name) {
          Set<Semaphore> set = waiters.get(name.toString());
          if (set != null) {
            set.forEach(Semaphore::release);
          }
          if (!name.toString().startsWith(".")) {
            listeners.forEach(l -> l.accept(name.toString()));
          }
        }
      }
      if (!key.reset()) {
        return;
      }
    }
  }

  @Override
  public void close() {
    try {
      watchService.close();
    } catch (IOException e) {
      // Closing a watch service only releases the inotify descriptor.
    }
    loop.interrupt();
  }
}
