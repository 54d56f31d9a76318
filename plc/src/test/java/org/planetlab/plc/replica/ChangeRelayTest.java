package org.planetlab.plc.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.planetlab.plc.change.ChangeListener;
import org.planetlab.plc.change.Changes;
import org.planetlab.plc.change.ObjectRef;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.testing.TestingPostgres;

/**
 * Servers on one PostgreSQL store hear each other's changes, never their own; a change too big
 * for one notification, and a lost listening connection, reach them as "everything changed".
 */
class ChangeRelayTest {
    /** A listener that remembers what it was told. */
    private static final class Heard implements ChangeListener {
        final List<Changes> changes = new CopyOnWriteArrayList<>();

        @Override
        public void committed(Changes committed) {
            changes.add(committed);
        }

        Changes await(Predicate<Changes> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                for (Changes heard : changes) {
                    if (wanted.test(heard)) {
                        return heard;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
            throw new AssertionError("nothing wanted was heard within 15 s; heard " + changes.size() + " changes");
        }
    }

    @Test
    void serversHearEachOthersChanges() throws Exception {
        SecureRandom random = new SecureRandom();
        try (Database database = Database.open(TestingPostgres.newDatabase(), Optional.of("postgres"),
                Optional.of("postgres"))) {
            Heard first = new Heard();
            Heard second = new Heard();
            Path markers = Files.createTempDirectory("relay-markers");
            try (ChangeRelay one = ChangeRelay.start(database, List.of(first), random, markers.resolve("one")).orElseThrow();
                    ChangeRelay two = ChangeRelay.start(database, List.of(second), random, markers.resolve("two"))
                            .orElseThrow()) {
                Changes node = new Changes();
                node.add(ObjectType.NODE, 7);
                one.committed(node);
                Changes heard = second.await(changes -> !changes.isEmpty());
                assertThat(heard.objects()).containsExactly(new ObjectRef(ObjectType.NODE, 7));
                assertThat(heard.everyNode()).isFalse();

                Changes many = new Changes();
                for (long id = 1; id <= 2_000; id++) {
                    many.add(ObjectType.SLICE, id);
                }
                two.committed(many);
                assertThat(first.await(Changes::everyNode).objects()).isEmpty();
                // Each server's own changes reach its listeners through the dispatcher, not back through the store.
                assertThat(first.changes).noneMatch(changes -> changes.objects().contains(new ObjectRef(ObjectType.NODE, 7)));
                assertThat(second.changes).noneMatch(Changes::everyNode);

                // A lost listening connection: once listening again, the server drops everything.
                database.write(handle -> handle.createQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE query = 'LISTEN " + ChangeRelay.CHANNEL + "'").mapTo(Long.class).one());
                first.await(Changes::everyNode);
                second.await(Changes::everyNode);
                Changes after = new Changes();
                after.add(ObjectType.PERSON, 3);
                one.committed(after);
                second.await(changes -> changes.objects().contains(new ObjectRef(ObjectType.PERSON, 3)));

                // A server whose last run stopped uncleanly (its marker is still there) tells the others at start.
                assertThat(markers.resolve("one")).exists();
                second.changes.clear();
                Files.writeString(markers.resolve("three"), "left by a server that died\n");
                try (ChangeRelay three = ChangeRelay.start(database, List.of(), random, markers.resolve("three"))
                        .orElseThrow()) {
                    second.await(Changes::everyNode);
                }
                assertThat(markers.resolve("three")).as("removed by a clean stop").doesNotExist();
            } finally {
                try (var files = Files.walk(markers)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
    }

    @Test
    void timersRunOnOneServerAtATime() {
        try (Database database = Database.open(TestingPostgres.newDatabase(), Optional.of("postgres"),
                Optional.of("postgres"))) {
            // Another thread has a connection, a PostgreSQL session, of its own: as another server would.
            boolean[] otherRan = new boolean[1];
            boolean ran = database.runAlone(42, () -> otherRan[0] =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> database.runAlone(42, () -> {})).join());
            assertThat(ran).isTrue();
            assertThat(otherRan[0]).as("a second runner while the first holds the lock").isFalse();
            assertThat(database.runAlone(42, () -> {})).as("after the first finished").isTrue();
        }
    }

    @Test
    void aSqliteStoreHasNoOtherServers() throws Exception {
        Path directory = Files.createTempDirectory("relay-sqlite");
        try (Database database = Database.open("jdbc:sqlite:" + directory.resolve("plc.db"), Optional.empty(),
                Optional.empty())) {
            assertThat(ChangeRelay.start(database, List.of(), new SecureRandom(), directory.resolve("plc.running"))).isEmpty();
            assertThat(directory.resolve("plc.running")).doesNotExist();
            assertThat(database.runAlone(42, () -> {})).isTrue();
        } finally {
            try (var files = Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
