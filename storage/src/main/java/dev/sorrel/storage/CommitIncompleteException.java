package dev.sorrel.storage;

/**
 * A storage failure after a commit's point of no return: the commit is durable (its intent
 * record is synced) but finishing it in this process failed, for example when ingesting a bulk
 * load's files met a full device. The commit completes when the database is next opened, so a
 * caller must not report the statement as not applied, and must not let it be retried.
 */
public final class CommitIncompleteException extends StorageException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message and the underlying cause. */
  public CommitIncompleteException(String message, Throwable cause) {
    super(message, cause);
  }
}
