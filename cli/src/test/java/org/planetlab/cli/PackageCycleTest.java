package org.planetlab.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages of this module depend on one another without cycles, so each can be read, tested
 * and changed starting from the ones it uses; the module's top package (if any) assembles the
 * others and nothing depends on it.
 */
class PackageCycleTest {
    private static final String ROOT = "org.planetlab.cli";

    // Imported once for both rules: reading the class files is most of the time this test takes.
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void packagesFormNoCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void nothingDependsOnTheAssembly() {
        noClasses().that().resideOutsideOfPackage(ROOT).should().dependOnClassesThat().resideInAPackage(ROOT)
                .allowEmptyShould(true).check(CLASSES);
    }
}
