package com.dbadmin.sql.batch;

import com.dbadmin.call.SqlErrors;
import com.dbadmin.call.ToolException;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Errors that name the batch item at fault: {@code records[17]: ...} with {@code "index": 17} in the details. */
public final class BatchErrors {
    private BatchErrors() {
    }

    public static ToolException at(String argument, int index, ToolException cause) {
        Map<String, Object> details = new LinkedHashMap<>(cause.details());
        details.put("index", index);
        return new ToolException(cause.code(), argument + "[" + index + "]: " + cause.getMessage(), details, cause);
    }

    public static ToolException at(String argument, int index, SQLException cause) {
        return at(argument, index, SqlErrors.translate(cause));
    }
}
