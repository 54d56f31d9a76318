package org.planetlab.portal.account;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.Plc;
import org.planetlab.plc.key.KeyDetails;
import org.planetlab.plc.key.NewKey;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.portal.security.Actions;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.web.FormErrors;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.WebRequest;

/**
 * One's SSH keys: the list, adding a key (parsed and checked against the blacklist by PLC's key
 * service, as AddPersonKey does) and removing one.
 */
public final class KeyPages {
    private final Plc plc;
    private final Actions actions;

    public KeyPages(Plc plc) {
        this.plc = requireNonNull(plc, "plc is null");
        this.actions = new Actions(plc);
    }

    public void register(Routes routes) {
        routes.get("/keys", Routes.Access.SIGNED_IN, request -> page(request, "", FormErrors.NONE))
                .post("/keys", Routes.Access.SIGNED_IN, this::add)
                .post("/keys/{id}/delete", Routes.Access.SIGNED_IN, this::delete);
    }

    private Reply page(WebRequest request, String key, FormErrors errors) {
        ApiRules.require(request.caller(), "GetKeys");
        PersonRef me = PersonRef.of(request.requireViewer().personId());
        List<KeyDetails> keys = plc.database().read(handle -> plc.keys().keys(handle, request.caller(), me));
        return Reply.page(errors.isEmpty() ? 200 : 400, "keys.jte", Map.of("frame", request.frame("Your SSH keys"),
                "keys", keys, "key", key, "errors", errors));
    }

    private Reply add(WebRequest request) {
        String key = request.field("key");
        long me = request.requireViewer().personId();
        if (key.isEmpty()) {
            return page(request, key, FormErrors.field("key", "Paste the public key, e.g. the contents of"
                    + " ~/.ssh/id_ed25519.pub."));
        }
        try {
            ApiRules.check("AddPersonKey", 1, Map.of("key_type", "ssh", "key", key));
            actions.run(request.caller(), "AddPersonKey", List.of(me),
                    mutation -> plc.keys().addKey(mutation, PersonRef.of(me), NewKey.ssh(key)));
        } catch (PlanetLabException e) {
            if (e.code().category() == org.planetlab.api.error.ErrorCategory.USER_ERROR
                    || e.code() == ErrorCode.ALREADY_EXISTS || e.code() == ErrorCode.PERMISSION_DENIED) {
                return page(request, key, FormErrors.field("key", FormErrors.from(e, Set.of("key")).byField()
                        .getOrDefault("key", e.getMessage())));
            }
            throw e;
        }
        return Reply.redirect("/keys?done=key-added");
    }

    private Reply delete(WebRequest request) {
        long keyId = request.pathId(0);
        actions.apply(request.caller(), "DeleteKey", List.of(keyId),
                mutation -> plc.keys().deleteKey(mutation, keyId));
        return Reply.redirect("/keys?done=key-removed");
    }
}
