package org.renfort.transfer;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Keeps the domain free of frameworks and the layers pointing inwards. */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.renfort.transfer");

    @Test
    void domainDependsOnNoFrameworkAndNoOuterLayer() {
        noClasses().that().resideInAPackage("..domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.quarkus..", "io.smallrye..", "jakarta..", "io.grpc..", "com.google.protobuf..",
                        "org.hibernate..", "io.vertx..", "org.renfort.proto..",
                        "..api..", "..application..", "..persistence..", "..config..")
                .check(classes);
    }

    @Test
    void persistenceAndApplicationNeverSeeProtobuf() {
        noClasses().that().resideInAnyPackage("..application..", "..persistence..")
                .should().dependOnClassesThat().resideInAnyPackage("org.renfort.proto..", "io.grpc..")
                .check(classes);
    }
}
