package com.dbadmin.backup.format;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One entry of a dump's table of contents (written as {@code -- dbadmin:toc} comment lines at the top
 * of the file, invisible to psql). A restore reads the whole table of contents first, so it can pick
 * a subset of tables with what they need before it executes anything.
 *
 * @param section    control (session settings, transaction, search_path), pre (objects), data, post
 *                   (keys, indexes, triggers, comments) or increment (statements only psql needs)
 * @param kind       schema, extension, type, domain, sequence, function, table, view, matview,
 *                   sequence_owner, table_data, sequence_value, constraint, index, index_attach,
 *                   foreign_key, trigger, matview_data, comment, search_path, session, transaction, ...
 * @param key        the object's key (e.g. {@code table:"public"."books"}); for table_data the table's
 * @param schema     the schema the entry's SQL is written for (its search_path), null if none
 * @param owner      for table-bound entries: the table's key; for comments: the commented object's key
 * @param references for foreign keys: the referenced table's key
 * @param deps       keys of objects this one needs
 * @param columns    for table_data: the copied columns
 * @param value      for sequence_value: last_value; {@code called}: is_called
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TocEntry(int id, String section, String kind, String key, String schema, String name, String owner,
                       String references, List<String> deps, List<String> columns, Long value, Boolean called,
                       String signature) {

    public static final String CONTROL = "control";
    public static final String PRE = "pre";
    public static final String DATA = "data";
    public static final String POST = "post";
    public static final String INCREMENT = "increment";

    public static Builder builder(String section, String kind) {
        return new Builder(section, kind);
    }

    @JsonIgnore
    public boolean isTableData() {
        return "table_data".equals(kind);
    }

    public TocEntry withId(int newId) {
        return new TocEntry(newId, section, kind, key, schema, name, owner, references, deps, columns, value, called,
                signature);
    }

    /** Readable construction of entries with many optional fields. */
    public static final class Builder {
        private final String section;
        private final String kind;
        private String key;
        private String schema;
        private String name;
        private String owner;
        private String references;
        private List<String> deps;
        private List<String> columns;
        private Long value;
        private Boolean called;
        private String signature;

        private Builder(String section, String kind) {
            this.section = section;
            this.kind = kind;
        }

        public Builder key(String key) {
            this.key = key;
            return this;
        }

        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder owner(String owner) {
            this.owner = owner;
            return this;
        }

        public Builder references(String references) {
            this.references = references;
            return this;
        }

        public Builder deps(List<String> deps) {
            this.deps = deps == null || deps.isEmpty() ? null : List.copyOf(deps);
            return this;
        }

        public Builder columns(List<String> columns) {
            this.columns = List.copyOf(columns);
            return this;
        }

        public Builder sequenceValue(long value, boolean called) {
            this.value = value;
            this.called = called;
            return this;
        }

        public Builder signature(String signature) {
            this.signature = signature;
            return this;
        }

        public TocEntry build() {
            return new TocEntry(0, section, kind, key, schema, name, owner, references, deps, columns, value, called,
                    signature);
        }
    }
}
