package org.planetlab.api.person;

import static org.planetlab.api.method.Role.ADMIN;

import java.util.List;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;

/**
 * PLCAPI's VerifyPerson and ResetPassword, which the original web site called as an operator on
 * a person's behalf: without a key each mails the person a key; with the key it completes the
 * verification or the reset. Keys work once and only for the person they were mailed to.
 */
public final class VerificationApi {
    private VerificationApi() {}

    public static final StringType VERIFICATION_KEY = StringType.max(254);

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("VerifyPerson").roles(ADMIN)
                    .param("person_id_or_email", PersonApi.PERSON_REF, "the new (disabled) account")
                    .optionalParam("verification_key", new NullableType(VERIFICATION_KEY),
                            "the key mailed to the account; nil to mail one")
                    .optionalParam("verification_expires", new NullableType(IntType.TIMESTAMP),
                            "until when a mailed key works; nil for 7 days")
                    .returns(new IntType(1, 1), "1 if verification_key is valid (or a key was mailed)")
                    .help("Verifies a new account's address. Without a key, mails the account a key (the account"
                            + " must be new, i.e. disabled). With the key, records the address as verified and"
                            + " mails the PIs of the account's sites that it waits for their approval.")
                    .build(),
            MethodSpec.builder("ResetPassword").roles(ADMIN)
                    .param("person_id_or_email", PersonApi.PERSON_REF, "the enabled account")
                    .optionalParam("verification_key", new NullableType(VERIFICATION_KEY),
                            "the key mailed to the account; nil to mail one")
                    .optionalParam("verification_expires", new NullableType(IntType.TIMESTAMP),
                            "until when a mailed key works; nil for a day")
                    .returns(new IntType(1, 1), "1 if verification_key is valid (or a key was mailed)")
                    .help("Resets an account's password. Without a key, mails the account a key to reset it."
                            + " With the key, sets a new random password, mails it to the account and ends the"
                            + " account's sessions. Operators' passwords cannot be reset this way.")
                    .build());
}
