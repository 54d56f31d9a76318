package org.planetlab.trust.authority;

/** How authority keys relate to the trust roots (Architecture §5.1.1). */
public enum TrustMode {
    /**
     * A root key signs the certificates of the slice and management authorities; only the root is
     * well-known, so an authority certificate can be rotated without touching any node.
     */
    HIERARCHICAL,
    /**
     * The small-scale mode: each authority's own key is a trust root and its certificate is
     * self-issued. One level less, but rotating an authority key changes the roots.
     */
    AUTHORITIES_AS_ROOTS
}
