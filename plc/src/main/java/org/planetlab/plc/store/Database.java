package org.planetlab.plc.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * The registry's store: SQLite under the data directory by default, PostgreSQL by
 * configuration, both migrated by one set of Flyway migrations.
 *
 * <p>Writes are serialized through one lock and each runs in one transaction, so a method either
 * changes everything it means to or nothing; reads run concurrently, each in a transaction that
 * sees one consistent state. On PostgreSQL several PLC servers may share the store: each write
 * transaction then also takes one transaction-scoped advisory lock, so writes stay serialized
 * across every server and the rules that check, then write (quotas, unique names) hold as with
 * one server. Servers tell each other about committed changes with {@link #publish} and
 * {@link #listen}.
 */
public final class Database implements AutoCloseable {
    /** Which SQL engine is behind the store. */
    public enum Dialect {
        SQLITE,
        POSTGRESQL,
    }

    /** The advisory lock key that serializes write transactions across servers ("PLCWRITE"). */
    private static final long WRITE_LOCK_KEY = 0x504c_4357_5249_5445L;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final ReentrantLock writeLock = new ReentrantLock(true);

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.jdbi = Jdbi.create(dataSource);
    }

    /**
     * Opens the store at {@code jdbcUrl} ({@code jdbc:sqlite:FILE} or
     * {@code jdbc:postgresql://...}) and brings its schema up to date.
     */
    public static Database open(String jdbcUrl, Optional<String> user, Optional<String> password) {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        Dialect dialect;
        HikariConfig config = new HikariConfig();
        config.setPoolName("plc-store");
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            dialect = Dialect.SQLITE;
            // WAL lets readers run beside the one writer; synchronous=FULL makes each commit durable.
            String separator = jdbcUrl.contains("?") ? "&" : "?";
            config.setJdbcUrl(jdbcUrl + separator
                    + "journal_mode=WAL&synchronous=FULL&foreign_keys=true&busy_timeout=30000");
            config.setMaximumPoolSize(8);
        } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            dialect = Dialect.POSTGRESQL;
            config.setJdbcUrl(jdbcUrl);
            config.setMaximumPoolSize(16);
        } else {
            throw new PlanetLabException(ErrorCode.INVALID_ARGUMENT,
                    "store: unsupported database URL \"" + jdbcUrl + "\"; use jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB");
        }
        user.ifPresent(config::setUsername);
        password.ifPresent(config::setPassword);
        config.setConnectionTimeout(TimeUnit.SECONDS.toMillis(30));
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE,
                    "cannot open the store " + redact(jdbcUrl) + ": " + rootMessage(e), e);
        }
        Database database = new Database(dataSource, dialect);
        try {
            database.migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return database;
    }

    private void migrate() {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new PlanetLabException(ErrorCode.DATABASE_ERROR, "cannot migrate the store: " + rootMessage(e), e);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Runs {@code callback} in a read transaction that sees one consistent state. */
    public <T> T read(HandleCallback<T, RuntimeException> callback) {
        return translate(() -> dialect == Dialect.POSTGRESQL
                ? jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, callback)
                : jdbi.inTransaction(callback));
    }

    /**
     * Runs {@code callback} as the only writer, in one transaction: it commits if the callback
     * returns and rolls back if it throws.
     */
    public <T> T write(HandleCallback<T, RuntimeException> callback) {
        writeLock.lock();
        try {
            return translate(() -> jdbi.inTransaction(handle -> {
                if (dialect == Dialect.POSTGRESQL) {
                    // Released by the commit or rollback; other servers' writers queue here.
                    handle.createQuery("SELECT pg_advisory_xact_lock(:key)").bind("key", WRITE_LOCK_KEY)
                            .mapTo(String.class).one();
                }
                return callback.withHandle(handle);
            }));
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Sends {@code payload} to every server listening on {@code channel} (PostgreSQL NOTIFY, at
     * most {@link ChangeChannel#MAX_PAYLOAD_BYTES} bytes). With SQLite there is no other server and
     * nothing is sent.
     */
    public void publish(String channel, String payload) {
        requireNonNull(channel, "channel is null");
        requireNonNull(payload, "payload is null");
        if (dialect != Dialect.POSTGRESQL) {
            return;
        }
        translate(() -> jdbi.withHandle(handle -> handle.createQuery("SELECT pg_notify(:channel, :payload)")
                .bind("channel", channel).bind("payload", payload).mapTo(String.class).one()));
    }

    /**
     * Listens on {@code channel} over a connection of its own, outside the pool; the caller
     * closes it. Only PostgreSQL has other servers to hear from.
     */
    public ChangeChannel listen(String channel) {
        if (dialect != Dialect.POSTGRESQL) {
            throw new IllegalStateException("only a PostgreSQL store is shared by several servers");
        }
        return ChangeChannel.open(dataSource, channel);
    }

    /**
     * Runs {@code action} only if no other server is running an action under the same
     * {@code key} right now (a PostgreSQL session advisory lock, held for the action and released
     * even if the server dies); returns whether it ran. With SQLite there is one server and
     * {@code action} always runs.
     */
    public boolean runAlone(long key, Runnable action) {
        requireNonNull(action, "action is null");
        if (dialect != Dialect.POSTGRESQL) {
            action.run();
            return true;
        }
        return translate(() -> jdbi.withHandle(handle -> {
            boolean locked = handle.createQuery("SELECT pg_try_advisory_lock(:key)").bind("key", key)
                    .mapTo(Boolean.class).one();
            if (!locked) {
                return false;
            }
            try {
                action.run();
                return true;
            } finally {
                handle.createQuery("SELECT pg_advisory_unlock(:key)").bind("key", key).mapTo(Boolean.class).one();
            }
        }));
    }

    /**
     * A read transaction that opens on first use; the caller closes it. Errors of the store are
     * translated as for {@link #read}.
     */
    public LazyRead lazyRead() {
        return new LazyRead(this);
    }

    /** Runs {@code action}, turning the store's failures into PlanetLab errors. */
    public <T> T translated(java.util.function.Supplier<T> action) {
        return translate(action);
    }

    /** Allocates the next identifier of {@code counter} inside the caller's write transaction. */
    public static long nextId(Handle handle, String counter) {
        Optional<Long> allocated = handle.createQuery(
                        "UPDATE id_counters SET next_id = next_id + 1 WHERE name = :name RETURNING next_id - 1")
                .bind("name", counter)
                .mapTo(Long.class)
                .findOne();
        if (allocated.isPresent()) {
            return allocated.get();
        }
        handle.createUpdate("INSERT INTO id_counters (name, next_id) VALUES (:name, 2)").bind("name", counter).execute();
        return 1;
    }

    private static <T> T translate(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (PlanetLabException e) {
            throw e;
        } catch (org.jdbi.v3.core.JdbiException e) {
            String state = sqlState(e);
            if (state != null && state.startsWith("23")) {
                throw new PlanetLabException(ErrorCode.ALREADY_EXISTS,
                        "the change conflicts with an existing record: " + rootMessage(e), e);
            }
            throw new PlanetLabException(ErrorCode.DATABASE_ERROR, "the store failed: " + rootMessage(e), e);
        }
    }

    private static String sqlState(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
            if (cause instanceof org.sqlite.SQLiteException sqlite
                    && sqlite.getResultCode().name().startsWith("SQLITE_CONSTRAINT")) {
                return "23000";
            }
        }
        return null;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("password=[^&]*", "password=***");
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
