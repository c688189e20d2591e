package io.lakehouse.security;

/**
 * A column name a query mentions: its qualifier when it has one ({@code t.amount}), the name lower-cased, and where
 * the user wrote it (1-based line and column).
 */
public record ColumnMention(String qualifier, String name, int line, int column) {}
