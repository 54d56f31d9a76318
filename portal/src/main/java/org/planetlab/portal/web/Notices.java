package org.planetlab.portal.web;

import java.util.Map;
import java.util.Optional;

/**
 * What a page says after an action redirected to it ({@code ?done=...}). Only these fixed texts
 * are shown, so a crafted link cannot put words on a PlanetLab page.
 */
public final class Notices {
    private static final Map<String, String> TEXTS = Map.ofEntries(
            Map.entry("signed-out", "You are signed out."),
            Map.entry("signed-up", "Check your mail: we sent a link to verify your address."),
            Map.entry("verified", "Your address is verified. A PI of your site will approve your account;"
                    + " you can sign in once they have."),
            Map.entry("reset-sent", "If an account has that address, we sent it a link to choose a new password."),
            Map.entry("password-reset", "Your password is changed. Sign in with it."),
            Map.entry("profile-saved", "Your profile is saved."),
            Map.entry("email-changed", "Your e-mail address is changed; sign in with it from now on."),
            Map.entry("key-added", "The key is added; nodes install it within minutes."),
            Map.entry("key-removed", "The key is removed."),
            Map.entry("slice-created", "The slice is created. Add nodes to it below."),
            Map.entry("slice-renewed", "The slice is renewed."),
            Map.entry("nodes-added", "The nodes are added; slivers are created at the nodes' next update."),
            Map.entry("nodes-removed", "The nodes are removed from the slice."),
            Map.entry("user-added", "The user is added to the slice."),
            Map.entry("user-removed", "The user is removed from the slice."),
            Map.entry("slice-started", "The slice is started."),
            Map.entry("slice-stopped", "The slice is stopped."),
            Map.entry("slice-deleted", "The slice is deleted."),
            Map.entry("attribute-set", "The attribute is set; the slice's nodes apply it at their next update."),
            Map.entry("attribute-removed", "The attribute is removed; the slice's nodes apply it at their next update."),
            Map.entry("lease-added", "The node is reserved for the slice; the node learns of it at its next update."),
            Map.entry("lease-cancelled", "The lease is cancelled."),
            Map.entry("person-approved", "The account is approved; its owner can sign in now."),
            Map.entry("person-rejected", "The account is rejected and removed."),
            Map.entry("roles-saved", "The person's roles are changed; they apply from the person's next request."),
            Map.entry("roles-unchanged", "Nothing changed: tick the roles the person should hold."),
            Map.entry("node-registered", "The node is registered. Download its plnode.txt below."),
            Map.entry("boot-state-changed", "The boot state is changed; the node acts on it at its next boot."),
            Map.entry("interface-saved", "The interface is saved; download a new plnode.txt if its address changed."),
            Map.entry("node-rebooted", "The ping of death is sent; the node reboots if it hears it."),
            Map.entry("node-power-cycled", "The node is power cycled through its PCU."),
            Map.entry("pcu-added", "The PCU is added to the site. Wire the node to it to power cycle it."),
            Map.entry("pcu-wired", "The node is wired to the PCU."),
            Map.entry("pcu-updated", "The PCU is changed."),
            Map.entry("pcu-removed", "The PCU is removed from the site, with its wiring."),
            Map.entry("pcu-unwired", "The node is unwired from the PCU; it can no longer be power cycled through it."),
            Map.entry("site-saved", "The site is saved."),
            Map.entry("agreement-recorded", "The site's agreement is recorded; its PI can create slices."),
            Map.entry("agreement-revoked", "The site's agreement is revoked; its PIs cannot create slices until a new"
                    + " one is recorded."),
            Map.entry("site-created", "The site and its PI are created; the PI can sign in now."),
            Map.entry("site-created-no-mail", "The site and its PI are created, but no mail could be sent: the PI"
                    + " chooses a password with \"Forgot your password?\" once mail works."),
            Map.entry("slice-stopped-everywhere", "The slice is stopped on every node."),
            Map.entry("site-slices-stopped", "Every slice of the site is stopped."),
            Map.entry("all-stopped", "Every slice on every node is stopped until you resume them."),
            Map.entry("all-resumed", "Slices run again."),
            Map.entry("complaint-updated", "The complaint's status is changed."));

    private Notices() {}

    static Optional<String> lookup(String key) {
        return Optional.ofNullable(key).map(TEXTS::get);
    }
}
