package io.skiff.store;

/** A read or watch asked for a revision that compaction has removed; the API answers 410 Gone. */
public final class CompactedException extends RuntimeException {
  private final long requested;
  private final long compacted;

  public CompactedException(long requested, long compacted) {
    super("required revision " + requested + " has been compacted (compacted revision " + compacted + ")");
    this.requested = requested;
    this.compacted = compacted;
  }

  public long requested() { return requested; }
  public long compacted() { return compacted; }
}
