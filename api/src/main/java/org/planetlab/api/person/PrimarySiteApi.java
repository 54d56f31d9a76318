package org.planetlab.api.person;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.method.Role.USER;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.site.SiteApi;

/** Which of a person's sites is their primary one. */
public final class PrimarySiteApi {
    private PrimarySiteApi() {}

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("SetPersonPrimarySite").roles(ADMIN, PI, USER, TECH).mutates()
                    .param("person_id_or_email", PersonApi.PERSON_REF, "the person")
                    .param("site_id_or_login_base", SiteApi.SITE_REF, "one of the person's sites")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Makes a site the person's primary site; the person must already be at that site."
                            + " Operators may change anyone, everyone else only themselves.")
                    .build());
}
