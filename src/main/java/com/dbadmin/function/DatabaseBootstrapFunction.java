package com.dbadmin.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.dbadmin.db.roles.GroupRole;
import com.dbadmin.db.roles.LoginRoles;
import com.dbadmin.db.roles.Passwords;
import com.dbadmin.db.roles.RoleGrants;
import com.dbadmin.db.roles.RoleSecrets;
import com.dbadmin.guard.Limits;
import com.dbadmin.guard.TablePolicy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.HandlerUtils;
import io.micronaut.function.aws.MicronautRequestStreamHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one function that logs in as the database's master user: {@code com.dbadmin.function.DatabaseBootstrapFunction::handleRequest}.
 * The Terraform invokes it after every apply that changes the artifact, the roles or the table policy. It
 * <ol>
 *   <li>runs the server's own migrations (its context starts Flyway, which the tool functions no longer can),</li>
 *   <li>creates each function's login role ({@code DB_ADMIN_BOOTSTRAP_ROLES}), makes its password agree with
 *   the role's secret (generating one, and writing it to the secret, when the secret holds none, or when the
 *   event says {@code {"rotate": true}}),</li>
 *   <li>grants each role what its {@link GroupRole} allows on the tables that exist now, never a restricted one.</li>
 * </ol>
 * The secret is the source of truth for a password, so a run that fails between the two writes is repaired by
 * the next. Nothing here is reachable by a tool: no tool function can invoke it or read the master secret.
 */
public class DatabaseBootstrapFunction extends MicronautRequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseBootstrapFunction.class);

    private final DataSource dataSource;
    private final RoleGrants grants;
    private final Limits limits;
    private final BootstrapSettings settings;
    private final ObjectMapper json;

    /** Lambda: builds and starts the application context (which migrates the server's schema). */
    public DatabaseBootstrapFunction() {
        super();
        this.dataSource = applicationContext.getBean(DataSource.class);
        this.grants = new RoleGrants(applicationContext.getBean(TablePolicy.class));
        this.limits = applicationContext.getBean(Limits.class);
        this.settings = applicationContext.getBean(BootstrapSettings.class);
        this.json = applicationContext.getBean(ObjectMapper.class);
    }

    /** Tests and embedding: runs on the given context (started here if it is not running). */
    public DatabaseBootstrapFunction(ApplicationContext context) {
        super(context);
        this.dataSource = context.getBean(DataSource.class);
        this.grants = new RoleGrants(context.getBean(TablePolicy.class));
        this.limits = context.getBean(Limits.class);
        this.settings = context.getBean(BootstrapSettings.class);
        this.json = context.getBean(ObjectMapper.class);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        HandlerUtils.configureWithContext(this, context);
        JsonNode event = LambdaEvents.read(json, input, "Invoke with {} or {\"rotate\": true}");
        boolean rotate = event != null && event.path("rotate").asBoolean(false);
        Map<GroupRole, BootstrapSettings.RoleSecret> roles = settings.parsedRoles();
        if (roles.isEmpty()) {
            throw new IllegalStateException("DB_ADMIN_BOOTSTRAP_ROLES names no role: nothing to bootstrap.");
        }
        ObjectNode report = json.createObjectNode();
        ArrayNode done = report.putArray("roles");
        try (RoleSecrets secrets = new RoleSecrets()) {
            for (Map.Entry<GroupRole, BootstrapSettings.RoleSecret> entry : roles.entrySet()) {
                done.add(bootstrap(entry.getKey(), entry.getValue(), secrets, rotate));
            }
        } catch (SQLException e) {
            // The message names the statement's problem (SQLSTATE), never a password: those are never in SQL text.
            throw new IllegalStateException("Bootstrap failed: " + e.getSQLState() + " " + e.getMessage(), e);
        }
        json.writeValue(output, report);
    }

    private ObjectNode bootstrap(GroupRole kind, BootstrapSettings.RoleSecret target, RoleSecrets secrets,
                                 boolean rotate) throws SQLException {
        Optional<String> stored = rotate ? Optional.empty() : secrets.password(target.secret(), target.role());
        String password = stored.orElseGet(Passwords::generate);
        List<String> statements;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                LoginRoles.ensure(connection, target.role(), limits.statementTimeout());
                char[] chars = password.toCharArray();
                LoginRoles.setPassword(connection, target.role(), chars);
                Arrays.fill(chars, '\0');
                statements = grants.apply(connection, target.role(), kind);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        if (stored.isEmpty()) {
            secrets.put(target.secret(), target.role(), password);
        }
        LOG.info("Bootstrap: role {} ({} function) ready, password {}, {} grant statements", target.role(), kind.id(),
                stored.isEmpty() ? "generated" : "kept", statements.size());
        ObjectNode row = json.createObjectNode();
        row.put("function", kind.id());
        row.put("role", target.role());
        row.put("password", stored.isEmpty() ? "generated" : "kept");
        row.put("grant_statements", statements.size());
        return row;
    }
}
