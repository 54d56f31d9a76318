package org.planetlab.plc.store;

import static java.util.Objects.requireNonNull;

import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * A read transaction opened only when first needed: a call answered from memory (a node polling
 * with a current version) never takes a database connection. Once opened, every use sees the
 * same consistent state; {@link #close} ends it.
 */
public final class LazyRead implements Supplier<Handle>, AutoCloseable {
    private final Database database;
    private Handle handle;

    LazyRead(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    @Override
    public Handle get() {
        if (handle == null) {
            Handle opened = database.translated(() -> database.jdbi().open());
            try {
                if (database.dialect() == Database.Dialect.POSTGRESQL) {
                    opened.setTransactionIsolationLevel(TransactionIsolationLevel.REPEATABLE_READ);
                }
                opened.begin();
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
            handle = opened;
        }
        return handle;
    }

    public boolean opened() {
        return handle != null;
    }

    @Override
    public void close() {
        if (handle != null) {
            try {
                // Nothing was written; ending the transaction either way releases the snapshot.
                handle.rollback();
            } finally {
                handle.close();
                handle = null;
            }
        }
    }
}
