package org.planetlab.node;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The node agent's packages form no cycle: each package (a subpackage counts as a package of its
 * own) depends only on packages that do not depend back on it, so a part such as the sliver
 * network's shaping can be read, tested and changed without the parts built on top of it.
 */
class PackageCycleTest {
    private static final JavaClasses AGENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.planetlab.node");

    @Test
    void packagesDependOnEachOtherInOneDirectionOnly() {
        slices().matching("org.planetlab.node.(**)").should().beFreeOfCycles().check(AGENT);
    }
}
