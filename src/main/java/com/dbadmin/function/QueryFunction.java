package com.dbadmin.function;

import com.dbadmin.call.ToolGroup;
import io.micronaut.context.ApplicationContext;

/** Lambda handler of the query tool group: {@code com.dbadmin.function.QueryFunction::handleRequest}. */
public class QueryFunction extends GroupFunction {

    public QueryFunction() {
        super(ToolGroup.QUERY);
    }

    public QueryFunction(ApplicationContext context) {
        super(ToolGroup.QUERY, context);
    }
}
