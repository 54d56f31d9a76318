package org.planetlab.plc.testing;

/** The two stores PLC supports; tests that claim both run against each. */
public enum StoreKind {
    SQLITE,
    POSTGRESQL,
}
