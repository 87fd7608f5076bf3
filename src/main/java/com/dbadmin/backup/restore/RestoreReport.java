package com.dbadmin.backup.restore;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** What a restore created, dropped, kept and loaded: the tool's result (also for dry runs). */
public final class RestoreReport {
    private final List<String> created = new ArrayList<>();
    private final List<String> dropped = new ArrayList<>();
    private final List<String> existing = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<ObjectNode> tables = new ArrayList<>();
    private long rows;
    private long inserted;
    private long updated;
    private long skipped;

    public void created(String object) {
        created.add(object);
    }

    public void dropped(String object) {
        dropped.add(object);
    }

    public void existing(String object) {
        existing.add(object);
    }

    public void warning(String warning) {
        warnings.add(warning);
    }

    public void table(String source, String target, String mode, LoadResult result) {
        ObjectNode table = JsonNodeFactory.instance.objectNode();
        table.put("table", source);
        table.put("target", target);
        table.put("mode", mode);
        table.put("rows", result.rows());
        table.put("inserted", result.inserted());
        table.put("updated", result.updated());
        table.put("skipped", result.skipped());
        tables.add(table);
        rows += result.rows();
        inserted += result.inserted();
        updated += result.updated();
        skipped += result.skipped();
    }

    public long rows() {
        return rows;
    }

    public ObjectNode toJson(ObjectNode into) {
        into.set("created", strings(created));
        into.set("dropped", strings(dropped));
        into.set("existing", strings(existing));
        ArrayNode tableList = into.putArray("tables");
        tables.forEach(tableList::add);
        ObjectNode totals = into.putObject("totals");
        totals.put("tables", tables.size());
        totals.put("rows", rows);
        totals.put("inserted", inserted);
        totals.put("updated", updated);
        totals.put("skipped", skipped);
        into.set("warnings", strings(warnings));
        return into;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }
}
