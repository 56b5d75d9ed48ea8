package io.skiff.images.content;

import io.skiff.common.SkiffException;
import io.skiff.images.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ContentStore} in a directory: {@code blobs/sha256/<hex>} for committed blobs and {@code ingest/} for
 * writes in progress. Ingest files are named after the writing process; on open, those left by processes that no
 * longer run (a crash, a kill -9) are deleted.
 */
public final class LocalContentStore implements ContentStore {
  private static final Logger LOG = LoggerFactory.getLogger(LocalContentStore.class);
  private final Path blobs;
  private final Path ingest;

  public LocalContentStore(Path root) {
    this.blobs = root.resolve("blobs");
    this.ingest = root.resolve("ingest");
    try {
      Files.createDirectories(blobs.resolve("sha256"));
      Files.createDirectories(ingest);
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot create content store in " + root + ": " + e.getMessage(), e);
    }
    removeAbandonedIngests();
  }

  /** Where a committed blob lives (it may not exist). */
  public Path path(Digest digest) {
    return blobs.resolve(digest.algorithm()).resolve(digest.hex());
  }

  @Override
  public InputStream open(Digest digest) {
    try {
      return Files.newInputStream(path(digest));
    } catch (NoSuchFileException e) {
      throw new SkiffException.NotFound("content " + digest + " not found");
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot read blob " + digest + ": " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] readAll(Digest digest) {
    try (InputStream in = open(digest)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot read blob " + digest + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<BlobInfo> findInfo(Digest digest) {
    try {
      BasicFileAttributes a = Files.readAttributes(path(digest), BasicFileAttributes.class);
      return Optional.of(new BlobInfo(digest, a.size(), a.lastModifiedTime().toInstant()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot stat blob " + digest + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<BlobInfo> walk() {
    List<BlobInfo> out = new ArrayList<>();
    try (DirectoryStream<Path> algs = Files.newDirectoryStream(blobs)) {
      for (Path alg : algs) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(alg)) {
          for (Path f : files) {
            Digest d;
            try {
              d = new Digest(alg.getFileName().toString(), f.getFileName().toString());
            } catch (SkiffException.BadRequest e) {
              continue;
            }
            findInfo(d).ifPresent(out::add);
          }
        }
      }
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot list blobs: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public boolean delete(Digest digest) {
    try {
      return Files.deleteIfExists(path(digest));
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot delete blob " + digest + ": " + e.getMessage(), e);
    }
  }

  @Override
  public BlobWriter writer(String label) {
    Path temp = ingest.resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID() + ".part");
    return new FileBlobWriter(temp, label);
  }

  private void removeAbandonedIngests() {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(ingest)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        int dash = name.indexOf('-');
        long pid = -1;
        try {
          pid = dash > 0 ? Long.parseLong(name.substring(0, dash)) : -1;
        } catch (NumberFormatException e) {
          pid = -1;
        }
        boolean alive = pid > 0 && pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (!alive && pid != ProcessHandle.current().pid()) {
          LOG.info("removing abandoned partial blob {}", f);
          Files.deleteIfExists(f);
        }
      }
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot clean " + ingest + ": " + e.getMessage(), e);
    }
  }

  private final class FileBlobWriter implements BlobWriter {
    private final Path temp;
    private final String label;
    private FileChannel channel;
    private MessageDigest sha256 = Digest.newSha256();
    private long offset;
    private boolean closed;

    FileBlobWriter(Path temp, String label) {
      this.temp = temp;
      this.label = label;
      try {
        this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (IOException e) {
        throw new SkiffException.Internal("cannot start writing " + label + " in " + ingest + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void write(byte[] buffer, int off, int length) {
      ensureOpen();
      try {
        ByteBuffer b = ByteBuffer.wrap(buffer, off, length);
        while (b.hasRemaining()) {
          channel.write(b);
        }
      } catch (IOException e) {
        close();
        throw new SkiffException.Internal("writing " + label + " failed (" + e.getMessage() + "); nothing was kept", e);
      }
      sha256.update(buffer, off, length);
      offset += length;
    }

    @Override
    public long offset() {
      return offset;
    }

    @Override
    public void reset() {
      ensureOpen();
      try {
        channel.truncate(0);
        channel.position(0);
      } catch (IOException e) {
        close();
        throw new SkiffException.Internal("cannot reset " + label + ": " + e.getMessage(), e);
      }
      sha256 = Digest.newSha256();
      offset = 0;
    }

    @Override
    public BlobInfo commit(long expectedSize, Digest expected) {
      ensureOpen();
      try {
        if (expectedSize >= 0 && offset != expectedSize) {
          throw new SkiffException.BadRequest(label + ": size mismatch: expected " + expectedSize + " bytes, got " + offset);
        }
        Digest actual = new Digest("sha256", HexFormat.of().formatHex(sha256.digest()));
        if (!expected.algorithm().equals("sha256")) {
          throw new SkiffException.BadRequest(label + ": digest algorithm " + expected.algorithm() + " is not supported for content");
        }
        if (!actual.equals(expected)) {
          throw new SkiffException.BadRequest(label + ": digest mismatch: expected " + expected + ", got " + actual);
        }
        channel.force(true);
        channel.close();
        Path target = path(expected);
        try {
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
          Files.deleteIfExists(temp);
        } catch (AtomicMoveNotSupportedException e) {
          throw new SkiffException.Internal("blob store " + blobs + " does not support atomic rename", e);
        }
        syncDirectory(target.getParent());
        BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class);
        return new BlobInfo(expected, a.size(), a.lastModifiedTime().toInstant());
      } catch (IOException e) {
        throw new SkiffException.Internal("committing " + label + " failed (" + e.getMessage() + "); nothing was kept", e);
      } finally {
        close();
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        channel.close();
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void ensureOpen() {
      if (closed) {
        throw new IllegalStateException("blob writer for " + label + " is closed");
      }
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
    }
  }
}
