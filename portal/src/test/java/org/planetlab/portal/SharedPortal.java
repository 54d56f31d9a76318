package org.planetlab.portal;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One PLC with its portal and one browser for every browser test class of a run: started when
 * the first class asks, closed when the run ends.
 */
final class SharedPortal implements ParameterResolver {
    /** The shared PLC and browser. */
    record Shared(PortalTestbed testbed, PortalBrowser browser) implements AutoCloseable {
        @Override
        public void close() {
            browser.close();
            testbed.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Shared.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(Shared.class,
                ignored -> start(), Shared.class);
    }

    private static Shared start() {
        try {
            PortalTestbed testbed = PortalTestbed.start();
            try {
                return new Shared(testbed, PortalBrowser.launch(testbed.plc.trust().tlsCaCertificate()));
            } catch (RuntimeException e) {
                testbed.close();
                throw e;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
