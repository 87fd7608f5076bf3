package com.dbadmin.backup.dump;

import java.util.ArrayList;
import java.util.List;

/**
 * What a table (or materialized view) needs beyond its CREATE statement: the columns its data is copied
 * with, its identity sequences, and the statements that follow the data (keys, indexes, triggers).
 */
final class DumpedTable {
    /** Columns written by COPY: every stored column except generated ones, in order. */
    private final List<String> copyColumns = new ArrayList<>();
    private final List<IdentitySequence> identitySequences = new ArrayList<>();
    private final List<PostStatement> post = new ArrayList<>();
    private boolean partitioned;
    private String partitionParent;
    private boolean populated = true;

    public List<String> copyColumns() {
        return copyColumns;
    }

    public List<IdentitySequence> identitySequences() {
        return identitySequences;
    }

    public List<PostStatement> post() {
        return post;
    }

    /** Partitioned parents hold no rows of their own; their partitions are copied. */
    public boolean partitioned() {
        return partitioned;
    }

    public void partitioned(boolean partitioned) {
        this.partitioned = partitioned;
    }

    public String partitionParent() {
        return partitionParent;
    }

    public void partitionParent(String parentKey) {
        this.partitionParent = parentKey;
    }

    /** Materialized views: whether REFRESH should follow the data. */
    public boolean populated() {
        return populated;
    }

    public void populated(boolean populated) {
        this.populated = populated;
    }

    /** An identity column's sequence (created with the table, valued with the data). */
    public record IdentitySequence(String sequenceName, String column) {
    }

    /**
     * A statement run after the data.
     *
     * @param kind       constraint, index, index_attach, foreign_key, trigger, comment
     * @param name       the constraint, index or trigger name
     * @param references for foreign keys: the referenced table's key (the key is skipped when that
     *                   table is not restored)
     */
    public record PostStatement(String kind, String name, String sql, String references) {
    }
}
