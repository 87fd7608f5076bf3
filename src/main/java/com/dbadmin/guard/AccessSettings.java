package com.dbadmin.guard;

import com.dbadmin.call.Scope;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolGroup;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * db-admin.access.*: the switches an operator uses to make a server safer than its callers' tokens say.
 *
 * @param readOnly    DB_ADMIN_READ_ONLY / {@code --read-only}: only tools that change nothing exist, and every
 *                    caller holds at most the read scopes ({@link #READ_SCOPES})
 * @param localScopes DB_ADMIN_LOCAL_SCOPES: the scopes of callers nobody authenticated because the deployment
 *                    trusts them (MCP over stdio, loopback HTTP without authentication); empty: all
 * @param toolGroups  DB_ADMIN_TOOL_GROUPS: the tool groups this server exposes; empty: all
 */
@Context // bound and validated at start-up: a bad value stops the server before it serves anything
@ConfigurationProperties("db-admin.access")
public record AccessSettings(
        @Bindable(defaultValue = "false") boolean readOnly,
        @Nullable @Bindable(defaultValue = "") List<String> localScopes,
        @Nullable @Bindable(defaultValue = "") List<String> toolGroups) {

    /**
     * What a read-only server grants at most: reading rows, schema and the audit log, listing and checking backups,
     * and caller SQL (it runs in a READ ONLY transaction as a role PostgreSQL itself holds to reading).
     */
    public static final Set<String> READ_SCOPES = Set.of(Scope.READ, Scope.AUDIT, Scope.BACKUP, Scope.SQL);
    private static final Set<String> KNOWN_SCOPES = Set.of(Scope.READ, Scope.WRITE, Scope.BATCH, Scope.BACKUP, Scope.SQL,
            Scope.RESTORE, Scope.AUDIT, Scope.ADMIN);

    public AccessSettings {
        localScopes = normalize(localScopes);
        toolGroups = normalize(toolGroups);
        for (String scope : localScopes) {
            if (!KNOWN_SCOPES.contains(scope)) {
                throw new IllegalArgumentException("DB_ADMIN_LOCAL_SCOPES (db-admin.access.local-scopes) names an"
                        + " unknown scope '" + scope + "'; known: " + String.join(", ", new java.util.TreeSet<>(KNOWN_SCOPES)));
            }
        }
        for (String group : toolGroups) {
            if (Arrays.stream(ToolGroup.values()).noneMatch(known -> known.id().equals(group))) {
                throw new IllegalArgumentException("DB_ADMIN_TOOL_GROUPS (db-admin.access.tool-groups) names an"
                        + " unknown group '" + group + "'; known: " + Arrays.stream(ToolGroup.values())
                        .map(ToolGroup::id).collect(Collectors.joining(", ")));
            }
        }
    }

    /** The scopes of a trusted local caller: DB_ADMIN_LOCAL_SCOPES, or every scope. */
    public Set<String> localCallerScopes() {
        return localScopes.isEmpty() ? Set.of(Scope.ADMIN) : Set.copyOf(localScopes);
    }

    /**
     * {@code scopes} as this server honours them: unchanged, or in read-only mode only the read scopes among
     * them ({@code db:admin} standing for all of those).
     */
    public Set<String> effectiveScopes(Set<String> scopes) {
        if (!readOnly) {
            return scopes;
        }
        Set<String> kept = new LinkedHashSet<>();
        for (String scope : scopes) {
            if (scope.equals(Scope.ADMIN)) {
                kept.addAll(READ_SCOPES);
            } else if (READ_SCOPES.contains(scope)) {
                kept.add(scope);
            }
        }
        return kept;
    }

    /** Why this server does not offer {@code tool}, or empty when it does. */
    public Optional<String> switchedOff(ToolDefinition tool) {
        if (!exposedGroups().contains(tool.group())) {
            return Optional.of(tool.name() + " is not offered by this server: its group '" + tool.group().id()
                    + "' is not in DB_ADMIN_TOOL_GROUPS (" + String.join(",", toolGroups) + ")");
        }
        if (readOnly && !tool.hints().readOnly()) {
            return Optional.of(tool.name() + " is not offered by this server: it runs read-only (DB_ADMIN_READ_ONLY=true"
                    + " or --read-only), and " + tool.name() + " changes the database or the backup store");
        }
        return Optional.empty();
    }

    private Set<ToolGroup> exposedGroups() {
        if (toolGroups.isEmpty()) {
            return EnumSet.allOf(ToolGroup.class);
        }
        return toolGroups.stream().map(group -> ToolGroup.valueOf(group.toUpperCase(Locale.ROOT)))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ToolGroup.class)));
    }

    private static List<String> normalize(List<String> entries) {
        return entries == null ? List.of() : entries.stream().filter(Objects::nonNull)
                .map(entry -> entry.trim().toLowerCase(Locale.ROOT)).filter(entry -> !entry.isEmpty()).distinct().toList();
    }
}
