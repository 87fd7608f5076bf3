package com.dbadmin.function;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Terraform and the artifact agree: every handler it names is a Lambda handler class on this classpath
 * (the lambda profile's jar is built from the same classes and dependencies), and the database stays
 * private, encrypted and reachable only from the RDS Proxy. The mutation cases show the check catches what
 * it claims to.
 */
class TerraformHandlersTest {
    private static final Path TERRAFORM = Path.of("terraform");
    private static final ClassLoader ARTIFACT = TerraformHandlersTest.class.getClassLoader();

    private static Map<String, String> files() throws Exception {
        Map<String, String> files = new HashMap<>();
        try (Stream<Path> tf = Files.list(TERRAFORM)) {
            for (Path file : tf.filter(p -> p.toString().endsWith(".tf")).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return files;
    }

    /** The Terraform with one edit in one file (the edit must apply). */
    private static TerraformChecker edited(String file, String from, String to) throws Exception {
        Map<String, String> files = files();
        String text = files.get(file);
        assertTrue(text.contains(from), () -> file + " no longer contains: " + from);
        files.put(file, text.replace(from, to));
        return new TerraformChecker(files);
    }

    @Test
    void theDeployedTerraformPasses() {
        TerraformChecker checker = TerraformChecker.read(TERRAFORM);
        assertEquals(Set.of(
                "com.dbadmin.function.QueryFunction::handleRequest",
                "com.dbadmin.function.InsertFunction::handleRequest",
                "com.dbadmin.function.BatchFunction::handleRequest",
                "com.dbadmin.function.SchemaFunction::handleRequest",
                "com.dbadmin.function.BackupFunction::handleRequest",
                "com.dbadmin.function.ScheduledFunction::handleRequest",
                "com.dbadmin.function.DatabaseBootstrapFunction::handleRequest",
                "io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction::handleRequest"),
                checker.handlers());
        assertEquals(List.of(), checker.problems(ARTIFACT));
    }

    @Test
    void aRenamedHandlerClassIsReported() throws Exception {
        List<String> problems = edited("lambda.tf", "com.dbadmin.function.QueryFunction::",
                "com.dbadmin.function.QueryFunktion::").problems(ARTIFACT);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("com.dbadmin.function.QueryFunktion is not in the artifact"), problems::toString);
    }

    @Test
    void aWrongHandlerMethodOrANonHandlerClassIsReported() throws Exception {
        List<String> method = edited("lambda.tf", "BackupFunction::handleRequest", "BackupFunction::handle").problems(ARTIFACT);
        assertTrue(method.stream().anyMatch(p -> p.contains("has no public method handle")), method::toString);

        List<String> abstractBase = edited("lambda.tf", "com.dbadmin.function.SchemaFunction::",
                "com.dbadmin.function.GroupFunction::").problems(ARTIFACT);
        assertTrue(abstractBase.stream().anyMatch(p -> p.contains("concrete class")), abstractBase::toString);

        List<String> notAHandler = edited("lambda.tf", "com.dbadmin.function.InsertFunction::",
                "com.dbadmin.tool.ToolInvoker::").problems(ARTIFACT);
        assertTrue(notAHandler.stream().anyMatch(p -> p.contains("not a Lambda RequestHandler")), notAHandler::toString);
    }

    @Test
    void aPublicDatabaseIsReported() throws Exception {
        List<String> problems = edited("database.tf", "publicly_accessible    = false", "publicly_accessible    = true")
                .problems(ARTIFACT);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("publicly accessible"), problems::toString);
    }

    @Test
    void anUnencryptedDatabaseIsReported() throws Exception {
        List<String> off = edited("database.tf", "storage_encrypted     = true", "storage_encrypted     = false")
                .problems(ARTIFACT);
        assertTrue(off.size() == 1 && off.get(0).contains("not encrypted"), off::toString);

        List<String> absent = edited("database.tf", "storage_encrypted     = true", "").problems(ARTIFACT);
        assertTrue(absent.size() == 1 && absent.get(0).contains("not encrypted"), absent::toString);
    }

    @Test
    void databaseIngressFromAnythingButTheProxyIsReported() throws Exception {
        String lambdaToDb = """

                resource "aws_vpc_security_group_ingress_rule" "db_from_lambda" {
                  security_group_id            = aws_security_group.db.id
                  referenced_security_group_id = aws_security_group.lambda.id
                  ip_protocol                  = "tcp"
                  from_port                    = 5432
                  to_port                      = 5432
                }
                """;
        Map<String, String> files = files();
        files.put("network.tf", files.get("network.tf") + lambdaToDb);
        List<String> fromLambda = new TerraformChecker(files).problems(ARTIFACT);
        assertTrue(fromLambda.size() == 1 && fromLambda.get(0).contains("db_from_lambda"), fromLambda::toString);

        List<String> fromAnywhere = edited("network.tf", "description                  = \"PostgreSQL from RDS Proxy\"",
                "description                  = \"PostgreSQL from RDS Proxy\"\n  cidr_ipv4 = \"0.0.0.0/0\"").problems(ARTIFACT);
        assertTrue(fromAnywhere.stream().anyMatch(p -> p.contains("db_from_proxy")), fromAnywhere::toString);

        List<String> inline = edited("network.tf", """
                  description = "RDS PostgreSQL, reachable from the RDS Proxy only"
                  vpc_id      = aws_vpc.this.id
                """, """
                  description = "RDS PostgreSQL, reachable from the RDS Proxy only"
                  vpc_id      = aws_vpc.this.id

                  ingress {
                    from_port   = 5432
                    to_port     = 5432
                    protocol    = "tcp"
                    cidr_blocks = ["10.0.0.0/8"]
                  }
                """).problems(ARTIFACT);
        assertTrue(inline.stream().anyMatch(p -> p.contains("inline ingress")), inline::toString);
    }

    @Test
    void aFunctionWithAnEnvironmentOfItsOwnIsReported() throws Exception {
        List<String> problems = edited("lambda.tf", "variables = local.function_environment[each.key]",
                "variables = merge(local.function_environment[each.key], { DB_SECRET_ARN = local.db_secret_arn })")
                .problems(ARTIFACT);
        assertTrue(problems.stream().anyMatch(p -> p.contains("local.function_environment[each.key]")), problems::toString);
    }

    @Test
    void theMasterSecretNamedAnywhereButItsLocalIsReported() throws Exception {
        List<String> problems = edited("lambda.tf", "DB_SECRET_ARN = key == \"bootstrap\" ? local.db_secret_arn",
                "DB_SECRET_ARN = key == \"bootstrap\" ? aws_db_instance.this.master_user_secret[0].secret_arn").problems(ARTIFACT);
        assertTrue(problems.stream().anyMatch(p -> p.contains("master_user_secret")), problems::toString);
    }

    @Test
    void aRouteWithoutIdentityIsReported() throws Exception {
        List<String> problems = edited("api.tf", "  authorization_scopes = each.value.scopes\n", "").problems(ARTIFACT);
        assertTrue(problems.stream().anyMatch(p -> p.contains("no identity requirement")), problems::toString);

        List<String> open = edited("api.tf", "authorization_type   = each.value.scopes != null ? \"JWT\" : \"NONE\"",
                "authorization_type   = \"NONE\"").problems(ARTIFACT);
        assertTrue(open.stream().anyMatch(p -> p.contains("no identity requirement")), open::toString);
    }

    @Test
    void aScheduleWithoutDeadLetterQueueIsReported() throws Exception {
        List<String> problems = edited("scheduler.tf", "dead_letter_config {", "dead_letter_configuration {")
                .problems(ARTIFACT);
        assertTrue(problems.stream().anyMatch(p -> p.contains("no dead_letter_config")), problems::toString);
    }

    @Test
    void stringsCommentsAndInterpolationsDoNotConfuseTheReader() {
        String text = """
                # resource "aws_db_instance" "commented" { publicly_accessible = true }
                resource "aws_db_instance" "x" {
                  identifier          = "${var.name}-{not a brace}-${lookup(var.m, "k}", "d")}"
                  publicly_accessible = false # "true" in a comment
                  storage_encrypted   = true
                  tags = {
                    publicly_accessible = "true"
                  }
                }
                """;
        List<String> problems = new TerraformChecker(Map.of("a.tf", text.replace("\"x\" {",
                "\"x\" {\n  vpc_security_group_ids = [aws_security_group.db.id]") + proxyAndGroups())).problems(ARTIFACT);
        assertEquals(List.of(), problems);

        List<String> publicOne = new TerraformChecker(Map.of("a.tf", text.replace("publicly_accessible = false #",
                "publicly_accessible = true #").replace("\"x\" {", "\"x\" {\n  vpc_security_group_ids = [aws_security_group.db.id]")
                + proxyAndGroups())).problems(ARTIFACT);
        assertEquals(1, publicOne.size(), publicOne::toString);
    }

    private static String proxyAndGroups() {
        return """
                resource "aws_db_proxy" "p" {
                  vpc_security_group_ids = [aws_security_group.proxy.id]
                }
                resource "aws_lambda_function" "f" {
                  handler = "com.dbadmin.function.QueryFunction::handleRequest"
                  environment {
                    variables = local.function_environment[each.key]
                  }
                }
                resource "aws_apigatewayv2_route" "r" {
                  authorization_type   = "JWT"
                  authorization_scopes = ["db:read"]
                }
                """;
    }
}
