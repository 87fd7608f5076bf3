package com.dbadmin.function;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the Terraform and reports what would break a deployment or its network promise: a Lambda handler
 * that is not a loadable handler class of the artifact, a database that is public or unencrypted, or a
 * database security group that admits anything but the RDS Proxy.
 *
 * <p>A small purpose-built reader rather than an HCL library: the one Java HCL parser (hcl4j) mis-nests
 * expressions such as {@code merge(...)} in these files and prints to stdout while parsing. What is needed
 * here is only blocks, their top-level attributes and string literals, so the reader masks strings,
 * interpolations, comments and heredocs and matches braces on what is left.
 */
final class TerraformChecker {
    private static final Pattern HANDLER = Pattern.compile(
            "\"([A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)+)::([A-Za-z_$][\\w$]*)\"");
    private static final Pattern BLOCK = Pattern.compile("(?m)^resource\\s+\"([\\w-]+)\"\\s+\"([\\w-]+)\"\\s*\\{");
    private static final Pattern SG_REFERENCE = Pattern.compile("aws_security_group\\.([\\w-]+)\\.id");

    record Block(String type, String name, String body, String maskedBody) {
        /** A top-level attribute's expression, comments removed; null when absent. */
        String attribute(String attribute) {
            int depth = 0;
            int lineStart = 0;
            for (int i = 0; i <= maskedBody.length(); i++) {
                if (i == maskedBody.length() || maskedBody.charAt(i) == '\n') {
                    String masked = maskedBody.substring(lineStart, i);
                    Matcher m = Pattern.compile("^\\s*" + Pattern.quote(attribute) + "\\s*=\\s*").matcher(masked);
                    if (depth == 0 && m.find()) {
                        int end = masked.stripTrailing().length();
                        return body.substring(lineStart + m.end(), lineStart + Math.max(m.end(), end)).trim();
                    }
                    lineStart = i + 1;
                    continue;
                }
                char c = maskedBody.charAt(i);
                if (c == '{' || c == '[' || c == '(') {
                    depth++;
                } else if (c == '}' || c == ']' || c == ')') {
                    depth--;
                }
            }
            return null;
        }

        /** Whether a nested block of that name ({@code ingress { ... }}) is present at top level. */
        boolean hasNestedBlock(String nested) {
            return Pattern.compile("(?m)^\\s*" + Pattern.quote(nested) + "\\s*\\{").matcher(maskedBody).find();
        }
    }

    private final Map<String, String> files;
    private final List<Block> blocks = new ArrayList<>();

    /** @param files file name to Terraform text */
    TerraformChecker(Map<String, String> files) {
        this.files = new TreeMap<>(files);
        for (String text : this.files.values()) {
            String masked = mask(text);
            Matcher m = BLOCK.matcher(text);
            while (m.find()) {
                if (masked.charAt(m.start()) != 'r' || masked.charAt(m.end() - 1) != '{') {
                    continue; // inside a comment or a string
                }
                int open = m.end() - 1;
                int close = matchingBrace(masked, open);
                blocks.add(new Block(m.group(1), m.group(2), text.substring(open + 1, close),
                        masked.substring(open + 1, close)));
            }
        }
    }

    static TerraformChecker read(Path directory) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> tf = Files.list(directory)) {
            for (Path file : tf.filter(p -> p.toString().endsWith(".tf")).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TerraformChecker(files);
    }

    /** Every {@code "package.Class::method"} string in the Terraform. */
    Set<String> handlers() {
        Set<String> handlers = new LinkedHashSet<>();
        for (String text : files.values()) {
            Matcher m = HANDLER.matcher(text);
            while (m.find()) {
                handlers.add(m.group(1) + "::" + m.group(2));
            }
        }
        return handlers;
    }

    List<String> problems(ClassLoader artifact) {
        List<String> problems = new ArrayList<>();
        if (handlers().isEmpty()) {
            problems.add("no Lambda handler (\"package.Class::method\") found in the Terraform");
        }
        for (String handler : handlers()) {
            checkHandler(handler, artifact, problems);
        }
        checkDatabase(problems);
        checkFunctions(problems);
        checkRoutes(problems);
        checkSchedules(problems);
        return problems;
    }

    /**
     * Every function takes its environment from {@code local.function_environment} (the map
     * scripts/check-terraform.sh evaluates in a plan: master secret for the bootstrap only,
     * DB_ADMIN_POOLER=transaction), and the master secret is named in one place only: the local the proxy and the
     * bootstrap read.
     */
    private void checkFunctions(List<String> problems) {
        for (Block function : blocks("aws_lambda_function")) {
            Matcher environment = Pattern.compile("(?s)environment\\s*\\{\\s*variables\\s*=\\s*([^\\n]+)")
                    .matcher(function.body());
            if (!environment.find() || !environment.group(1).trim().equals("local.function_environment[each.key]")) {
                problems.add("aws_lambda_function." + function.name() + " must take its environment from"
                        + " local.function_environment[each.key] (what the plan check verifies)");
            }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            String masked = mask(file.getValue());
            Matcher master = Pattern.compile("master_user_secret").matcher(file.getValue());
            while (master.find()) {
                int lineStart = file.getValue().lastIndexOf('\n', master.start()) + 1;
                String line = file.getValue().substring(lineStart, file.getValue().indexOf('\n', master.start()));
                boolean inCode = masked.charAt(master.start()) == 'm';
                if (inCode && !line.trim().startsWith("db_secret_arn")) {
                    problems.add(file.getKey() + ": the master secret (master_user_secret) is used outside"
                            + " local.db_secret_arn: " + line.trim());
                }
            }
        }
    }

    /** Every API route requires a JWT with scopes, except the public health route (status only). */
    private void checkRoutes(List<String> problems) {
        List<Block> routes = blocks("aws_apigatewayv2_route");
        if (routes.isEmpty()) {
            problems.add("no aws_apigatewayv2_route found");
        }
        for (Block route : routes) {
            String type = route.attribute("authorization_type");
            String scopes = route.attribute("authorization_scopes");
            if (type == null || type.equals("\"NONE\"") || scopes == null) {
                problems.add("aws_apigatewayv2_route." + route.name() + " has no identity requirement"
                        + " (authorization_type JWT with authorization_scopes)");
            }
        }
    }

    /** A scheduled call that cannot be delivered must land in a dead-letter queue, never vanish. */
    private void checkSchedules(List<String> problems) {
        for (Block schedule : blocks("aws_scheduler_schedule")) {
            if (!schedule.hasNestedBlock("dead_letter_config")) {
                problems.add("aws_scheduler_schedule." + schedule.name() + " has no dead_letter_config in its target");
            }
        }
    }

    private static void checkHandler(String handler, ClassLoader artifact, List<String> problems) {
        String className = handler.substring(0, handler.indexOf("::"));
        String method = handler.substring(handler.indexOf("::") + 2);
        Class<?> type;
        try {
            type = Class.forName(className, false, artifact);
        } catch (ClassNotFoundException | LinkageError e) {
            problems.add("handler " + handler + ": class " + className + " is not in the artifact");
            return;
        }
        if (!RequestHandler.class.isAssignableFrom(type) && !RequestStreamHandler.class.isAssignableFrom(type)) {
            problems.add("handler " + handler + ": " + className + " is not a Lambda RequestHandler or RequestStreamHandler");
        }
        if (Modifier.isAbstract(type.getModifiers()) || Stream.of(type.getConstructors()).noneMatch(c -> c.getParameterCount() == 0)) {
            problems.add("handler " + handler + ": Lambda needs a concrete class with a public no-argument constructor");
        }
        if (Stream.of(type.getMethods()).map(Method::getName).noneMatch(method::equals)) {
            problems.add("handler " + handler + ": " + className + " has no public method " + method);
        }
    }

    private void checkDatabase(List<String> problems) {
        List<Block> databases = blocks("aws_db_instance");
        if (databases.isEmpty()) {
            problems.add("no aws_db_instance found");
        }
        Set<String> proxyGroups = new LinkedHashSet<>();
        for (Block proxy : blocks("aws_db_proxy")) {
            proxyGroups.addAll(securityGroups(proxy.attribute("vpc_security_group_ids")));
        }
        if (proxyGroups.isEmpty()) {
            problems.add("no aws_db_proxy with vpc_security_group_ids: the database must be reached through the RDS Proxy");
        }
        for (Block db : databases) {
            String where = "aws_db_instance." + db.name();
            String publicly = db.attribute("publicly_accessible");
            if (publicly != null && !publicly.equals("false")) {
                problems.add(where + " is publicly accessible (publicly_accessible = " + publicly + "); it must be false");
            }
            if (!"true".equals(db.attribute("storage_encrypted"))) {
                problems.add(where + " is not encrypted (storage_encrypted must be true, found "
                        + db.attribute("storage_encrypted") + ")");
            }
            Set<String> dbGroups = securityGroups(db.attribute("vpc_security_group_ids"));
            if (dbGroups.isEmpty()) {
                problems.add(where + " names no security group (vpc_security_group_ids): the VPC default group would apply");
            }
            for (String group : dbGroups) {
                checkDatabaseIngress(where, group, proxyGroups, problems);
            }
        }
    }

    private void checkDatabaseIngress(String db, String group, Set<String> proxyGroups, List<String> problems) {
        String reference = "aws_security_group." + group + ".id";
        for (Block sg : blocks("aws_security_group")) {
            if (sg.name().equals(group) && sg.hasNestedBlock("ingress")) {
                problems.add(db + ": security group " + group + " has inline ingress; only rules referencing the proxy's group are allowed");
            }
        }
        for (Block rule : blocks("aws_vpc_security_group_ingress_rule")) {
            if (!reference.equals(rule.attribute("security_group_id"))) {
                continue;
            }
            Set<String> source = securityGroups(rule.attribute("referenced_security_group_id"));
            boolean fromProxyOnly = !source.isEmpty() && proxyGroups.containsAll(source)
                    && rule.attribute("cidr_ipv4") == null && rule.attribute("cidr_ipv6") == null
                    && rule.attribute("prefix_list_id") == null;
            if (!fromProxyOnly) {
                problems.add(db + ": ingress rule " + rule.name() + " on security group " + group
                        + " admits something other than the RDS Proxy's security group");
            }
        }
        for (Block rule : blocks("aws_security_group_rule")) {
            if (!reference.equals(rule.attribute("security_group_id")) || !"\"ingress\"".equals(rule.attribute("type"))) {
                continue;
            }
            Set<String> source = securityGroups(rule.attribute("source_security_group_id"));
            if (source.isEmpty() || !proxyGroups.containsAll(source) || rule.attribute("cidr_blocks") != null
                    || rule.attribute("ipv6_cidr_blocks") != null || rule.attribute("prefix_list_ids") != null
                    || "true".equals(rule.attribute("self"))) {
                problems.add(db + ": ingress rule " + rule.name() + " on security group " + group
                        + " admits something other than the RDS Proxy's security group");
            }
        }
    }

    private List<Block> blocks(String type) {
        return blocks.stream().filter(b -> b.type().equals(type)).toList();
    }

    private static Set<String> securityGroups(String expression) {
        Set<String> groups = new LinkedHashSet<>();
        if (expression != null) {
            Matcher m = SG_REFERENCE.matcher(expression);
            while (m.find()) {
                groups.add(m.group(1));
            }
        }
        return groups;
    }

    private static int matchingBrace(String masked, int open) {
        int depth = 0;
        for (int i = open; i < masked.length(); i++) {
            if (masked.charAt(i) == '{') {
                depth++;
            } else if (masked.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced braces after offset " + open);
    }

    /**
     * The text with the inside of strings (interpolations included), comments and heredocs replaced by
     * spaces, so braces and attribute lines can be found on it. Newlines and offsets are kept.
     */
    static String mask(String text) {
        char[] out = text.toCharArray();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '#' || (c == '/' && next(text, i) == '/')) {
                while (i < text.length() && text.charAt(i) != '\n') {
                    out[i++] = ' ';
                }
            } else if (c == '/' && next(text, i) == '*') {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? text.length() : end + 2;
                blank(out, i, end);
                i = end;
            } else if (c == '<' && next(text, i) == '<' && isHeredoc(text, i)) {
                i = skipHeredoc(text, out, i);
            } else if (c == '"') {
                int end = endOfString(text, i + 1);
                blank(out, i + 1, end);
                i = end + 1;
            } else {
                i++;
            }
        }
        return new String(out);
    }

    /** Index of the closing quote of a string whose content starts at {@code from}. */
    private static int endOfString(String text, int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i;
            } else if ((c == '$' || c == '%') && next(text, i) == '{') {
                if (i + 2 < text.length() && i > from && text.charAt(i - 1) == c) {
                    i += 2; // $${ or %%{: a literal
                    continue;
                }
                i = endOfInterpolation(text, i + 2) + 1;
            } else {
                i++;
            }
        }
        return text.length() - 1;
    }

    private static int endOfInterpolation(String text, int from) {
        int depth = 0;
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                i = endOfString(text, i + 1) + 1;
                continue;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
            i++;
        }
        return text.length() - 1;
    }

    private static boolean isHeredoc(String text, int i) {
        return Pattern.compile("<<-?[A-Za-z_]\\w*[ \\t]*\\r?\\n").matcher(text).region(i, text.length()).lookingAt();
    }

    private static int skipHeredoc(String text, char[] out, int i) {
        Matcher m = Pattern.compile("<<-?([A-Za-z_]\\w*)[ \\t]*\\r?\\n").matcher(text).region(i, text.length());
        m.lookingAt();
        Matcher end = Pattern.compile("(?m)^[ \\t]*" + Pattern.quote(m.group(1)) + "[ \\t]*$").matcher(text);
        int stop = end.find(m.end()) ? end.start() : text.length();
        for (int k = m.end(); k < stop; k++) {
            if (out[k] != '\n') {
                out[k] = ' ';
            }
        }
        return stop;
    }

    private static void blank(char[] out, int from, int to) {
        for (int k = from; k < to && k < out.length; k++) {
            if (out[k] != '\n') {
                out[k] = ' ';
            }
        }
    }

    private static char next(String text, int i) {
        return i + 1 < text.length() ? text.charAt(i + 1) : '\0';
    }
}
