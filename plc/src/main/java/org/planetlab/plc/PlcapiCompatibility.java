package org.planetlab.plc;

import java.security.SecureRandom;
import java.util.Optional;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.auth.SessionStore;
import org.planetlab.plc.event.EventObjectMethods;
import org.planetlab.plc.initscript.InitScriptMethods;
import org.planetlab.plc.initscript.InitScriptService;
import org.planetlab.plc.mail.Mailer;
import org.planetlab.plc.message.MessageMethods;
import org.planetlab.plc.message.MessageService;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.node.IlinkMethods;
import org.planetlab.plc.node.IlinkService;
import org.planetlab.plc.node.NodeGroupService;
import org.planetlab.plc.notify.Notifications;
import org.planetlab.plc.person.AccountVerification;
import org.planetlab.plc.person.PrimarySites;
import org.planetlab.plc.person.VerificationMethods;
import org.planetlab.plc.session.SessionGrants;
import org.planetlab.plc.session.SessionList;
import org.planetlab.plc.slice.LegacySliceAttributeMethods;
import org.planetlab.plc.slice.LegacySliceInfo;
import org.planetlab.plc.slice.LegacySliceMethods;
import org.planetlab.plc.slice.SliceLookups;
import org.planetlab.plc.slice.SliceNames;
import org.planetlab.plc.slice.SliceTagService;
import org.planetlab.plc.slice.WhitelistMethods;
import org.planetlab.plc.slice.Whitelists;
import org.planetlab.plc.tag.TagTypeService;
import org.planetlab.plc.tagging.AccessorMethods;
import org.planetlab.plc.tagging.NodeFlavours;
import org.planetlab.plc.tagging.ObjectTagMethods;
import org.planetlab.plc.tagging.ObjectTagService;
import org.planetlab.plc.typetable.TypeTableMethods;
import org.planetlab.plc.typetable.TypeValues;
import org.planetlab.plc.vocabulary.VocabularyMethods;

/**
 * The methods PLC serves for scripts written against the original PLCAPI beyond its own domains'
 * (type tables, object tags and accessors, the PLC 3 and 4.2 legacy calls, init scripts,
 * whitelists, ilinks, messages, sessions, account verification and the smaller calls): thin
 * adapters over the services {@link Plc} made, registered in one place.
 */
final class PlcapiCompatibility {
    private PlcapiCompatibility() {}

    /** The services the compatibility methods stand on. */
    record Services(MutationPath mutations, SliceNames names, SessionStore sessions, SliceTagService sliceTags,
            NodeGroupService nodeGroups, TagTypeService tagTypes, AccountVerification accountVerification, Mailer mailer,
            SecureRandom random, Optional<String> portalUrl) {}

    static void register(MethodRegistry registry, Services services) {
        MutationPath mutations = services.mutations();
        SliceNames names = services.names();
        new VocabularyMethods().register(registry);
        new TypeTableMethods(new TypeValues(mutations), services.tagTypes()).register(registry);
        ObjectTagService objectTags = new ObjectTagService(mutations);
        new ObjectTagMethods(objectTags).register(registry);
        new AccessorMethods(names, services.sliceTags(), services.nodeGroups(), objectTags, services.tagTypes())
                .register(registry);
        new PrimarySites(mutations).register(registry);
        new SliceLookups(names).register(registry);
        new SessionGrants(mutations, services.sessions()).register(registry);
        new EventObjectMethods().register(registry);
        new Notifications(services.mailer()).register(registry);
        new LegacySliceMethods(names, registry).register();
        new NodeFlavours().register(registry);
        new InitScriptMethods(new InitScriptService(mutations)).register(registry);
        new WhitelistMethods(new Whitelists(names)).register(registry);
        new IlinkMethods(new IlinkService()).register(registry);
        new SessionList().register(registry);
        new LegacySliceAttributeMethods(registry).register();
        new LegacySliceInfo(names).register(registry);
        new VerificationMethods(services.accountVerification(), services.mailer(), services.random(), services.portalUrl())
                .register(registry);
        new MessageMethods(new MessageService()).register(registry);
    }
}
