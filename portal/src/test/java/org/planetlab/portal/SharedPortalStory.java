package org.planetlab.portal;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** A browser test class over the portal and browser that every such class of a run shares. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPortal.class)
abstract class SharedPortalStory {
    protected PortalTestbed testbed;
    protected PortalBrowser browser;

    @BeforeAll
    final void takeTheSharedPortal(SharedPortal.Shared shared) {
        testbed = shared.testbed();
        browser = shared.browser();
    }
}
