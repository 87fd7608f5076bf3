package com.dbadmin.tool;

import com.dbadmin.call.ToolDefinition;
import com.dbadmin.support.DatabaseTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/tools.md documents every tool in the catalogue, and names no tool that doesn't exist. */
class ToolDocsTest extends DatabaseTest {
    @Inject
    ToolRegistry toolRegistry;

    @Test
    void everyToolHasASection() throws Exception {
        String docs = Files.readString(Path.of("docs/tools.md"));
        List<String> missing = toolRegistry.all().stream().map(ToolDefinition::name)
                .filter(name -> !docs.lines().anyMatch(line -> line.matches("#{2,3} " + name + "\\b.*"))).toList();
        assertEquals(List.of(), missing, "tools without a section in docs/tools.md");
        docs.lines().filter(line -> line.matches("#{2,3} db_.*")).forEach(line -> {
            String documented = line.replaceFirst("^#+ ", "").trim().split("[ /]")[0];
            assertTrue(toolRegistry.find(documented).isPresent(), "docs/tools.md documents an unknown tool " + documented);
        });
    }
}
