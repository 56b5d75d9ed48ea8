package io.skiff.apiserver.registry;

import io.skiff.apiserver.resource.Column;

/** Column definitions several resources share. */
final class Columns {

  /** The NAME column, in the {@code name} format kubectl uses to print {@code kind/name}. */
  static final Column NAME = new Column("Name", "string", "name",
      "The name of the object, unique within its namespace and kind; it cannot be changed once set.", 0);

  /** The AGE column: how long ago the object was created. */
  static final Column AGE = new Column("Age", "string", "",
      "How long ago the server created the object, from metadata.creationTimestamp.", 0);

  private Columns() {}

  static Column text(String name, String description) {
    return new Column(name, "string", "", description, 0);
  }

  static Column wide(String name, String description) {
    return new Column(name, "string", "", description, 1);
  }
}
