package org.planetlab.plc.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.person.NewPerson;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.person.Profile;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.testing.RegistrySnapshot;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestKeys;
import org.planetlab.plc.testing.TestingPlc;

/** The key rules, called typed, as PLC's own programs and future front ends call them. */
class KeyServiceTest {
    private TestingPlc testing;
    private KeyService keys;
    private PlcClient operator;
    private long aliceId;
    private long bobId;
    private Caller alice;
    private Caller bob;

    @BeforeEach
    void registry() {
        testing = TestingPlc.start(StoreKind.SQLITE);
        keys = testing.plc().keys();
        operator = testing.operator(PlcClient.Encoding.JSON);
        long siteId = testing.plc().sites().addSite(Caller.INTERNAL, NewSite.named("keys", "Keys", "Keys"));
        aliceId = user("alice@keys.org", siteId);
        bobId = user("bob@keys.org", siteId);
        alice = Caller.person(aliceId, Set.of(Role.USER), List.of(siteId), "password", Optional.empty());
        bob = Caller.person(bobId, Set.of(Role.USER), List.of(siteId), "password", Optional.empty());
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void aKeyAddedByTypeIsTheKeyTheApiShowsAndTheEventLogRecords() {
        String line = TestKeys.ed25519("alice");
        long keyId = keys.addKey(alice, PersonRef.of("ALICE@keys.org"), NewKey.ssh(line));

        assertThat(rows(operator.call("GetKeys", List.of(keyId), List.of("person_id", "key_type", "key"))).getFirst())
                .isEqualTo(Map.of("person_id", aliceId, "key_type", "ssh", "key", line));
        assertThat(rows(operator.call("GetEvents", Map.of("call_name", "AddPersonKey"))).getFirst().get("object_ids"))
                .isEqualTo(List.of(keyId, aliceId));
    }

    @Test
    void aUserCannotAddChangeOrDeleteAnotherPersonsKey() {
        long bobsKey = keys.addKey(bob, PersonRef.of(bobId), NewKey.ssh(TestKeys.ed25519("bob")));
        String before = RegistrySnapshot.take(testing.plc().database());

        assertRefused(() -> keys.deleteKey(alice, bobsKey), ErrorCode.PERMISSION_DENIED,
                "DeleteKey: persons may manage only their own keys");
        assertRefused(() -> keys.updateKey(alice, bobsKey, KeyUpdate.replacing(TestKeys.ed25519("alice"))),
                ErrorCode.PERMISSION_DENIED, "UpdateKey: persons may manage only their own keys");
        assertRefused(() -> keys.addKey(alice, PersonRef.of(bobId), NewKey.ssh(TestKeys.ed25519("alice"))),
                ErrorCode.PERMISSION_DENIED, "AddPersonKey: persons may manage only their own keys");

        assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);
        keys.deleteKey(Caller.INTERNAL, bobsKey);
        assertThat(rows(operator.call("GetKeys", List.of(bobsKey)))).isEmpty();
    }

    @Test
    void aKeyThatIsNotAGoodSshKeyIsRefusedByNameAndChangesNothing() {
        String before = RegistrySnapshot.take(testing.plc().database());

        assertRefused(() -> keys.addKey(alice, PersonRef.of(aliceId), NewKey.ssh("ssh-ed25519 !!!not-base64!!!")),
                ErrorCode.INVALID_ARGUMENT, "key_fields.key: not a valid SSH public key");
        assertRefused(() -> keys.addKey(alice, PersonRef.of(aliceId), NewKey.ssh(TestKeys.rsa(1024, "weak"))),
                ErrorCode.INVALID_ARGUMENT, "at least 2048 are required");
        assertRefused(() -> keys.deleteKey(alice, 4242), ErrorCode.NOT_FOUND, "no key with key_id 4242");

        assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);
    }

    @Test
    void aBlacklistedKeyLeavesEveryAccountAndCannotComeBack() {
        String line = TestKeys.ed25519("shared");
        long alicesCopy = keys.addKey(alice, PersonRef.of(aliceId), NewKey.ssh(line));
        long bobsCopy = keys.addKey(bob, PersonRef.of(bobId), NewKey.ssh(line));

        keys.blacklistKey(Caller.INTERNAL, alicesCopy);

        assertThat(rows(operator.call("GetKeys", List.of(alicesCopy, bobsCopy)))).isEmpty();
        assertRefused(() -> keys.addKey(bob, PersonRef.of(bobId), NewKey.ssh(line)), ErrorCode.INVALID_ARGUMENT,
                "is blacklisted and cannot be used");
    }

    private long user(String email, long siteId) {
        long personId = testing.plc().persons().addPerson(Caller.INTERNAL, new NewPerson(
                Profile.of(email, "First", "Last"), Optional.of("password-of-" + email), Optional.of(true)));
        testing.plc().personMemberships().addToSite(Caller.INTERNAL, PersonRef.of(personId), SiteRef.of(siteId));
        return personId;
    }

    private static void assertRefused(Runnable action, ErrorCode code, String text) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(text);
        });
    }
}
