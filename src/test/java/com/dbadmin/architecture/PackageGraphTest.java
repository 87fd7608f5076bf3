package com.dbadmin.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package graph the README draws: acyclic, the call model at the bottom, transports over the tool
 * invoker only. Checked on the compiled main classes (Micronaut's generated bean definitions included).
 */
@AnalyzeClasses(packages = "com.dbadmin", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageGraphTest {

    @ArchTest
    static final ArchRule no_package_cycles = slices().matching("com.dbadmin.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule call_model_imports_nothing_of_ours = noClasses()
            .that().resideInAPackage("com.dbadmin.call..")
            .should().dependOnClassesThat(resideInAPackage("com.dbadmin..").and(resideOutsideOfPackage("com.dbadmin.call..")))
            .because("every other package builds on the call model");

    @ArchTest
    static final ArchRule transports_do_not_touch_sql = noClasses()
            .that().resideInAnyPackage("com.dbadmin.mcp..", "com.dbadmin.rest..", "com.dbadmin.function..",
                    "com.dbadmin.http..", "com.dbadmin.console..")
            .should().dependOnClassesThat().resideInAPackage("com.dbadmin.sql..")
            .because("transports are thin adapters over the tool invoker");
}
