/**
 * Test fixtures for etcd-backed tests, published in this module's test-jar: {@link io.skiff.store.etcd.testing.EtcdProcess}
 * runs Debian's etcd on loopback with random free ports and a temporary data directory, and can stop, kill and
 * restart it.
 */
package io.skiff.store.etcd.testing;
