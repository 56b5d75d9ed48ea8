/**
 * What {@code skiff images pull|ls|rm|inspect|import|prune} do, as plain methods over a data directory that the CLI
 * module's picocli commands call, and the pull progress display (a live per-layer view on a terminal, plain lines
 * otherwise).
 */
package io.skiff.images.cli;
