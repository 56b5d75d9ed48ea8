package io.skiff.images.snapshot;

/** Disk use of one snapshot's own directory: bytes of regular files and the number of inodes. */
public record Usage(long bytes, long inodes) {}
