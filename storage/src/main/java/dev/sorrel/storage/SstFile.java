package dev.sorrel.storage;

import java.nio.file.Path;

/**
 * A sorted-string-table file written outside the store for ingestion: its
 * path, its smallest and largest key, and how many entries it holds.
 */
public record SstFile(Path path, byte[] first, byte[] last, long entries) {
}
