package com.dbadmin.function;

import com.dbadmin.call.ToolGroup;
import io.micronaut.context.ApplicationContext;

/** Lambda handler of the backup tool group: {@code com.dbadmin.function.BackupFunction::handleRequest}. */
public class BackupFunction extends GroupFunction {

    public BackupFunction() {
        super(ToolGroup.BACKUP);
    }

    public BackupFunction(ApplicationContext context) {
        super(ToolGroup.BACKUP, context);
    }
}
