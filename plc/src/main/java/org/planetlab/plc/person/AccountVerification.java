package org.planetlab.plc.person;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.api.person.PersonApi;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.PasswordHasher;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mail.MailMessage;
import org.planetlab.plc.mail.Mailer;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/**
 * PLCAPI's VerifyPerson and ResetPassword as services. A new account's address is verified by a
 * key mailed to it; once verified, the PIs of its site are told a new user waits for their
 * approval (the account stays disabled until a PI approves it, as in PLCAPI). A forgotten
 * password is replaced through a key mailed to the account's address, which works once. The keys
 * are never stored ({@link AccountTokens}); the verification itself is an event of the person.
 *
 * <p>Which page a key leads to is the caller's business: it passes a function that turns a key
 * into the link to mail.
 */
public final class AccountVerification {
    /** How long a verification key works: a week, as people read mail late. */
    public static final long VERIFY_SECONDS = 7L * 24 * 3600;
    /** How long a password reset key works: a day. */
    public static final long RESET_SECONDS = 24L * 3600;
    private static final String INVALID_KEY = "the key is unknown, was already used or has expired;"
            + " ask for a new one";

    private final MutationPath mutations;
    private final Database database;
    private final PasswordHasher passwords;
    private final Mailer mailer;
    private final AccountTokens tokens;

    private AccountVerification(MutationPath mutations, Database database, PasswordHasher passwords, Mailer mailer,
            AccountTokens tokens) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.database = requireNonNull(database, "database is null");
        this.passwords = requireNonNull(passwords, "passwords is null");
        this.mailer = requireNonNull(mailer, "mailer is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
    }

    /** @param secretFile where the keys' HMAC secret is kept (made 0600 on first start) */
    public static AccountVerification create(MutationPath mutations, Database database, PasswordHasher passwords,
            Mailer mailer, Path secretFile, SecureRandom random) {
        return new AccountVerification(mutations, database, passwords, mailer,
                AccountTokens.openOrCreate(secretFile, random));
    }

    /** VerifyPerson without a key: mails a new, not yet enabled account a key to verify its address. */
    public void sendVerification(long personId, Function<String, String> link) {
        sendVerification(personId, link, mutations.now() + VERIFY_SECONDS);
    }

    /** VerifyPerson without a key, the key working until {@code expires} (seconds since the epoch). */
    public void sendVerification(long personId, Function<String, String> link, long expires) {
        requireFuture(expires);
        Account account = database.read(handle -> account(handle, personId)).orElseThrow(() ->
                PlanetLabException.notFound("no account " + personId));
        if (account.enabled()) {
            throw PlanetLabException.invalidArgument("account " + personId + " is enabled already; nothing to verify");
        }
        String key = tokens.issue(AccountTokens.Purpose.VERIFY, personId, expires, account.emailKey());
        mailer.send(new MailMessage(List.of(account.email()), "PlanetLab: verify your e-mail address",
                """
                Someone, probably you, signed up for a PlanetLab account with this address.

                To verify the address, open this link and confirm:

                %s

                The link works until %s. Then a PI of your site approves the account.
                If you did not sign up, ignore this message.
                """.formatted(link.apply(key), Instant.ofEpochSecond(expires))));
    }

    /**
     * VerifyPerson with a key: records that the account's address is verified and tells the PIs
     * of its sites that it waits for their approval.
     *
     * @return the verified person
     */
    public long verify(String key) {
        AccountTokens.Parsed parsed = AccountTokens.parse(key, AccountTokens.Purpose.VERIFY)
                .orElseThrow(AccountVerification::invalidKey);
        Account account = mutations.run(Caller.ANONYMOUS, "VerifyPerson", List.of(parsed.personId()), mutation -> {
            Account found = account(mutation.db(), parsed.personId()).orElseThrow(AccountVerification::invalidKey);
            if (parsed.expires() <= mutation.now() || found.enabled() || !tokens.verify(parsed, found.emailKey())) {
                throw invalidKey();
            }
            if (isVerified(mutation.db(), found.personId())) {
                throw PlanetLabException.alreadyExists("the address " + found.email() + " is verified already");
            }
            mutation.affected(ObjectType.PERSON, found.personId());
            mutation.message("person %d verified its e-mail address".formatted(found.personId()));
            return found;
        });
        List<String> pis = database.read(handle -> pisOf(handle, account.personId()));
        if (!pis.isEmpty()) {
            mailer.send(new MailMessage(pis, "PlanetLab: a new user waits for your approval",
                    """
                    %s verified their e-mail address and asks to join your site.
                    Approve or reject the account on the portal's page of your site.
                    """.formatted(account.email())));
        }
        return account.personId();
    }

    /** Whether the person's address was verified (an event records each verification). */
    public boolean isVerified(long personId) {
        return database.read(handle -> isVerified(handle, personId));
    }

    /**
     * ResetPassword without a key: mails the account with this address a key to set a new
     * password. An unknown address is not an error, so the answer tells nobody who has an account.
     */
    public void sendPasswordReset(String email, Function<String, String> link) {
        sendPasswordReset(email, link, mutations.now() + RESET_SECONDS);
    }

    /** ResetPassword without a key, the key working until {@code expires} (seconds since the epoch). */
    public void sendPasswordReset(String email, Function<String, String> link, long expires) {
        requireFuture(expires);
        Optional<Account> account = database.read(handle -> handle.createQuery(
                        "SELECT person_id FROM persons WHERE email_key = :email AND deleted = FALSE")
                .bind("email", email.toLowerCase(Locale.ROOT)).mapTo(Long.class).findOne()
                .flatMap(id -> account(handle, id)));
        if (account.isEmpty()) {
            return;
        }
        Account found = account.get();
        String key = tokens.issue(AccountTokens.Purpose.RESET, found.personId(), expires, found.passwordHash());
        mailer.send(new MailMessage(List.of(found.email()), "PlanetLab: reset your password",
                """
                Someone, probably you, asked to reset the password of the PlanetLab account with this address.

                To choose a new password, open this link:

                %s

                The link works once, until %s. If you did not ask, ignore this message; your password is unchanged.
                """.formatted(link.apply(key), Instant.ofEpochSecond(expires))));
    }

    /** Whether a reset key would be accepted now, so a page can say so before asking for a password. */
    public boolean resetKeyWorks(String key) {
        return AccountTokens.parse(key, AccountTokens.Purpose.RESET).flatMap(parsed -> database.read(handle ->
                        account(handle, parsed.personId())).filter(account -> parsed.expires() > mutations.now()
                        && tokens.verify(parsed, account.passwordHash())))
                .isPresent();
    }

    /** ResetPassword with a key: sets the new password and ends every session of the account. */
    public long resetPassword(String key, String newPassword) {
        PersonApi.PASSWORD.check(newPassword, "password");
        AccountTokens.Parsed parsed = AccountTokens.parse(key, AccountTokens.Purpose.RESET)
                .orElseThrow(AccountVerification::invalidKey);
        String hash = passwords.hash(newPassword);
        return mutations.run(Caller.ANONYMOUS, "ResetPassword", List.of(parsed.personId()), mutation -> {
            Account found = account(mutation.db(), parsed.personId()).orElseThrow(AccountVerification::invalidKey);
            if (parsed.expires() <= mutation.now() || !tokens.verify(parsed, found.passwordHash())) {
                throw invalidKey();
            }
            Rows.update(mutation.db(), "persons", "person_id", found.personId(),
                    Map.of("password_hash", hash, "last_updated", mutation.now()));
            Rows.execute(mutation.db(), "DELETE FROM sessions WHERE person_id = :id", Map.of("id", found.personId()));
            mutation.affected(ObjectType.PERSON, found.personId());
            mutation.message("person %d reset its password".formatted(found.personId()));
            return found.personId();
        });
    }

    private void requireFuture(long expires) {
        if (expires <= mutations.now()) {
            throw PlanetLabException.invalidArgument("verification_expires: %d is not in the future".formatted(expires));
        }
    }

    private static boolean isVerified(Handle handle, long personId) {
        return handle.createQuery("SELECT COUNT(*) FROM events e JOIN event_objects o ON o.event_id = e.event_id"
                        + " WHERE e.call_name = 'VerifyPerson' AND e.fault_code = 0 AND o.object_type = :type"
                        + " AND o.object_id = :id")
                .bind("type", ObjectType.PERSON.wireName()).bind("id", personId).mapTo(Long.class).one() > 0;
    }

    private static List<String> pisOf(Handle handle, long personId) {
        return handle.createQuery("SELECT DISTINCT p.email FROM persons p JOIN person_roles r ON r.person_id"
                        + " = p.person_id JOIN person_sites s ON s.person_id = p.person_id WHERE r.role_id = :pi"
                        + " AND p.enabled = TRUE AND p.deleted = FALSE AND s.site_id IN (SELECT site_id FROM"
                        + " person_sites WHERE person_id = :person) ORDER BY p.email")
                .bind("pi", Role.PI.roleId()).bind("person", personId).mapTo(String.class).list();
    }

    private static Optional<Account> account(Handle handle, long personId) {
        return handle.createQuery("SELECT person_id, email, email_key, password_hash, enabled FROM persons"
                        + " WHERE person_id = :id AND deleted = FALSE")
                .bind("id", personId)
                .map((row, context) -> new Account(row.getLong(1), row.getString(2), row.getString(3),
                        Optional.ofNullable(row.getString(4)).orElse(""), row.getBoolean(5)))
                .findOne();
    }

    private static PlanetLabException invalidKey() {
        return new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, INVALID_KEY);
    }

    private record Account(long personId, String email, String emailKey, String passwordHash, boolean enabled) {}
}
