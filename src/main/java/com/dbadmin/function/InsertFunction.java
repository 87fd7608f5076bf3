package com.dbadmin.function;

import com.dbadmin.call.ToolGroup;
import io.micronaut.context.ApplicationContext;

/** Lambda handler of the insert tool group: {@code com.dbadmin.function.InsertFunction::handleRequest}. */
public class InsertFunction extends GroupFunction {

    public InsertFunction() {
        super(ToolGroup.INSERT);
    }

    public InsertFunction(ApplicationContext context) {
        super(ToolGroup.INSERT, context);
    }
}
