package io.skiff.images.content;

/**
 * A content-addressed blob store. Contract: a blob becomes visible only after {@link BlobWriter#commit} has
 * verified it, and {@code commit} always closes the writer.
 */
public interface ContentStore extends ContentProvider, ContentIngester, ContentManager {}
