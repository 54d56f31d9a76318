package org.planetlab.plc.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A PostgreSQL LISTEN on a connection of its own: the pool's connections come and go, and a
 * listening connection must stay open to hear anything. If the connection is lost, {@link #poll}
 * fails and the caller opens a new channel; what was sent meanwhile is not delivered, so the
 * caller must treat a new channel as "anything may have changed".
 */
public final class ChangeChannel implements AutoCloseable {
    /** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
    public static final int MAX_PAYLOAD_BYTES = 7_999;

    private final Connection connection;
    private final PGConnection notifications;

    private ChangeChannel(Connection connection) throws SQLException {
        this.connection = connection;
        this.notifications = connection.unwrap(PGConnection.class);
    }

    static ChangeChannel open(HikariDataSource pool, String channel) {
        requireNonNull(channel, "channel is null");
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("channel \"" + channel + "\" is not a plain lowercase SQL name");
        }
        Properties properties = new Properties();
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        try {
            Connection connection = DriverManager.getConnection(pool.getJdbcUrl(), properties);
            try (Statement statement = connection.createStatement()) {
                connection.setAutoCommit(true);
                statement.execute("LISTEN " + channel);
                return new ChangeChannel(connection);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE,
                    "cannot listen for changes on channel " + channel + ": " + e.getMessage(), e);
        }
    }

    /**
     * The payloads that arrived, waiting up to {@code timeout} for the first one; empty if none
     * came. Fails with UNAVAILABLE if the connection was lost.
     */
    public List<String> poll(Duration timeout) {
        try {
            PGNotification[] arrived = notifications.getNotifications((int) Math.max(1, timeout.toMillis()));
            if (arrived == null) {
                if (!connection.isValid(5)) {
                    throw new SQLException("the listening connection was lost");
                }
                return List.of();
            }
            List<String> payloads = new ArrayList<>(arrived.length);
            for (PGNotification notification : arrived) {
                payloads.add(notification.getParameter());
            }
            return payloads;
        } catch (SQLException e) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "listening for changes failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing a lost connection fails; there is nothing left to release.
        }
    }
}
