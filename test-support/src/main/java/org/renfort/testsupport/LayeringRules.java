package org.renfort.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The layering every service follows: a framework-free domain, no protobuf behind the adapters, rows only in persistence. */
public final class LayeringRules {
    private LayeringRules() {
    }

    public static void check(String servicePackage) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(servicePackage);
        noClasses().that().resideInAPackage("..domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.quarkus..", "io.smallrye..", "jakarta..", "io.grpc..", "com.google.protobuf..",
                        "org.hibernate..", "io.vertx..", "org.renfort.proto..",
                        "..api..", "..application..", "..persistence..", "..config..")
                .check(classes);
        noClasses().that().resideInAnyPackage("..application..", "..persistence..")
                .should().dependOnClassesThat().resideInAnyPackage("org.renfort.proto..", "io.grpc..")
                .check(classes);
        // Rows stay inside persistence: the application works on the domain, repositories map.
        noClasses().that().resideInAnyPackage("..application..", "..api..", "..client..")
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Entity")
                .check(classes);
    }
}
