package com.dbadmin.function;

import com.dbadmin.call.ToolGroup;
import io.micronaut.context.ApplicationContext;

/** Lambda handler of the batch tool group: {@code com.dbadmin.function.BatchFunction::handleRequest}. */
public class BatchFunction extends GroupFunction {

    public BatchFunction() {
        super(ToolGroup.BATCH);
    }

    public BatchFunction(ApplicationContext context) {
        super(ToolGroup.BATCH, context);
    }
}
