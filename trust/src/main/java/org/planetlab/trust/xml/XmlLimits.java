package org.planetlab.trust.xml;

/**
 * Bounds on a signed XML document, checked before and while parsing so that a hostile document
 * costs little.
 *
 * @param maxBytes largest document accepted, in bytes
 * @param maxDepth deepest element nesting
 * @param maxElements most elements in one document
 */
public record XmlLimits(int maxBytes, int maxDepth, int maxElements) {
    /**
     * Enough for a ticket carrying a 64 KiB bootscript and a certificate with a chain of eight
     * embedded issuers, two orders of magnitude below what would hurt a server.
     */
    public static final XmlLimits DEFAULT = new XmlLimits(512 * 1024, 48, 4_000);

    public XmlLimits {
        if (maxBytes <= 0 || maxDepth <= 0 || maxElements <= 0) {
            throw new IllegalArgumentException("XML limits must be positive");
        }
    }
}
