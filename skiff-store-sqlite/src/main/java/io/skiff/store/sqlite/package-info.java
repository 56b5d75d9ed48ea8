/**
 * {@link io.skiff.store.sqlite.SqliteStore}: the {@link io.skiff.store.Store} on one SQLite file, kine-style. Every
 * write appends a row to one log table whose autoincrement id is the revision; one platform writer thread commits
 * queued writes in groups; reads use a small pool of connections; watches are fed in process by the writer. Only
 * {@code SqliteStore} and {@code SqliteStoreOptions} are public; the rest is internal.
 */
package io.skiff.store.sqlite;
