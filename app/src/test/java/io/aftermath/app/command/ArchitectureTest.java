package io.aftermath.app.command;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import io.aftermath.shared.infrastructure.DaemonThreads;

/**
 * The sides stay apart, shared depends on neither, the language carries no framework, and background threads come
 * from one place.
 */
@AnalyzeClasses(packages = "io.aftermath", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_command_side_never_reads_the_query_side = noClasses()
            .that().resideInAPackage("io.aftermath.command..")
            .should().dependOnClassesThat().resideInAPackage("io.aftermath.query..");

    @ArchTest
    static final ArchRule the_query_side_never_reads_the_command_side = noClasses()
            .that().resideInAPackage("io.aftermath.query..")
            .should().dependOnClassesThat().resideInAPackage("io.aftermath.command..");

    @ArchTest
    static final ArchRule shared_depends_on_neither_side = noClasses()
            .that().resideInAPackage("io.aftermath.shared..")
            .should().dependOnClassesThat().resideInAnyPackage("io.aftermath.command..", "io.aftermath.query..",
                    "io.aftermath.app..");

    @ArchTest
    static final ArchRule messages_know_nothing_of_spring_or_mongodb = noClasses()
            .that().resideInAnyPackage("io.aftermath.shared.release..", "io.aftermath.shared.ticket..",
                    "io.aftermath.shared.retrospective..", "io.aftermath.shared.postmortem..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..", "org.bson..");

    @ArchTest
    static final ArchRule background_threads_are_daemons_made_in_one_place = noClasses()
            .that().doNotHaveFullyQualifiedName(DaemonThreads.class.getName())
            .should().callMethod(Thread.class, "setDaemon", boolean.class)
            .orShould().callConstructor(Thread.class, Runnable.class, String.class)
            .because("a thread made elsewhere may keep a node's process alive after its stop was cut short; "
                    + "use DaemonThreads");
}
