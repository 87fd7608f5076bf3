package com.dbadmin.call;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.SQLException;

/** The body of a tool: validated arguments in, the structured result out. */
@FunctionalInterface
public interface ToolHandler {
    /**
     * @throws ToolException for failures the client can act on
     * @throws SQLException  translated to a stable code by the invoker
     */
    ObjectNode handle(ToolCall call) throws SQLException;
}
