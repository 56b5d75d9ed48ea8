package io.skiff.store.etcd;

import io.etcd.jetcd.ByteSequence;
import io.skiff.store.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Conversions between the store's string keys and etcd's bytes, and etcd's key ranges. */
final class Keys {
  private Keys() {}

  /** etcd's "every key from the start key on" range end. */
  static final ByteSequence TO_THE_END = ByteSequence.from(new byte[] {0});

  static ByteSequence bytes(String key) {
    return ByteSequence.from(key, StandardCharsets.UTF_8);
  }

  /** The end (exclusive) of the range of keys starting with {@code prefix}, as etcd's clientv3.GetPrefixRangeEnd. */
  static ByteSequence prefixEnd(String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
    for (int i = p.length - 1; i >= 0; i--) {
      if (p[i] != (byte) 0xff) {
        byte[] end = Arrays.copyOf(p, i + 1);
        end[i]++;
        return ByteSequence.from(end);
      }
    }
    return TO_THE_END;
  }

  /** The smallest key strictly after {@code key}. */
  static String after(String key) {
    return key + '\0';
  }

  static KeyValue toKeyValue(io.etcd.jetcd.KeyValue kv) {
    return new KeyValue(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().getBytes(), kv.getCreateRevision(), kv.getModRevision());
  }
}
