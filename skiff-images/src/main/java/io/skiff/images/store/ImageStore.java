package io.skiff.images.store;

import java.util.List;
import java.util.Optional;

/** The image records, by name. Writes are durable when they return. */
public interface ImageStore {
  Optional<ImageRecord> find(String name);

  List<ImageRecord> list();

  /** Creates or replaces the record of {@code record.name()}. */
  void put(ImageRecord record);

  /** Deletes a record; true when it existed. */
  boolean delete(String name);
}
