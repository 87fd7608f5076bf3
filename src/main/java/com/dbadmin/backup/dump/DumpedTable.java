package com.dbadmin.backup.dump;

import java.util.ArrayList;
import java.util.List;

/**
 * What a table (or materialized view) needs beyond its CREATE statement: the columns its data is copied
 * with and its identity sequences.
 */
final class DumpedTable {
    /** Columns written by COPY: every stored column except generated ones, in order. */
    private final List<String> copyColumns = new ArrayList<>();
    private final List<IdentitySequence> identitySequences = new ArrayList<>();
    private boolean partitioned;
    private String partitionParent;
    private boolean populated = true;
    private boolean foreign;

    public List<String> copyColumns() {
        return copyColumns;
    }

    public List<IdentitySequence> identitySequences() {
        return identitySequences;
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

    /** Foreign tables hold no rows of their own in the database: nothing is copied. */
    public boolean foreign() {
        return foreign;
    }

    public void foreign(boolean foreign) {
        this.foreign = foreign;
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
}
