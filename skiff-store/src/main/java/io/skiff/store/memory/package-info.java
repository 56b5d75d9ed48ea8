/**
 * {@link io.skiff.store.memory.MemoryStore}, the in-memory reference implementation of {@link io.skiff.store.Store}:
 * MVCC history per key, compaction, and watches through the shared broadcaster. It keeps nothing across restarts;
 * use it in tests and as the executable reading of the contract.
 */
package io.skiff.store.memory;
