package com.dbadmin.function;

import com.dbadmin.call.ToolGroup;
import io.micronaut.context.ApplicationContext;

/** Lambda handler of the schema tool group: {@code com.dbadmin.function.SchemaFunction::handleRequest}. */
public class SchemaFunction extends GroupFunction {

    public SchemaFunction() {
        super(ToolGroup.SCHEMA);
    }

    public SchemaFunction(ApplicationContext context) {
        super(ToolGroup.SCHEMA, context);
    }
}
