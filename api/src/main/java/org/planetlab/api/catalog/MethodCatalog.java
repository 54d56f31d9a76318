package org.planetlab.api.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.audit.AuditApi;
import org.planetlab.api.authority.AuthorityApi;
import org.planetlab.api.boot.BootApi;
import org.planetlab.api.event.EventApi;
import org.planetlab.api.key.KeyApi;
import org.planetlab.api.monitor.MonitorApi;
import org.planetlab.api.node.ConfFileApi;
import org.planetlab.api.node.InterfaceApi;
import org.planetlab.api.node.NodeApi;
import org.planetlab.api.node.NodeGroupApi;
import org.planetlab.api.node.PcuApi;
import org.planetlab.api.node.RebootApi;
import org.planetlab.api.person.PersonApi;
import org.planetlab.api.release.ReleaseApi;
import org.planetlab.api.release.RolloutApi;
import org.planetlab.api.session.SessionApi;
import org.planetlab.api.site.SiteApi;
import org.planetlab.api.slice.SliceApi;
import org.planetlab.api.slice.SliceTagApi;
import org.planetlab.api.stop.StopApi;
import org.planetlab.api.sliver.SliverApi;
import org.planetlab.api.system.SystemApi;
import org.planetlab.api.tag.TagTypeApi;
import org.planetlab.api.tagging.ObjectTagApi;
import org.planetlab.api.tagging.AccessorApi;
import org.planetlab.api.person.PrimarySiteApi;
import org.planetlab.api.slice.SliceLookupApi;
import org.planetlab.api.session.SessionGrantApi;
import org.planetlab.api.event.EventObjectApi;
import org.planetlab.api.notify.NotifyApi;
import org.planetlab.api.slice.LegacySliceApi;
import org.planetlab.api.node.NodeFlavourApi;
import org.planetlab.api.typetable.AddressTypeApi;
import org.planetlab.api.typetable.PcuTypeApi;
import org.planetlab.api.typetable.TypeValueApi;
import org.planetlab.api.vocabulary.VocabularyApi;
import org.planetlab.api.usage.UsageApi;
import org.planetlab.api.sliver.SliverStateApi;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.initscript.InitScriptApi;
import org.planetlab.api.slice.WhitelistApi;
import org.planetlab.api.node.IlinkApi;
import org.planetlab.api.session.SessionListApi;
import org.planetlab.api.slice.LegacySliceAttributeApi;
import org.planetlab.api.slice.LegacySliceInfoApi;
import org.planetlab.api.person.VerificationApi;
import org.planetlab.api.message.MessageApi;
import org.planetlab.api.lease.LeaseApi;
import org.planetlab.api.peer.PeerApi;
import org.planetlab.api.naming.ManagementAuthorityApi;
import org.planetlab.api.naming.NamingAuthorityApi;
import org.planetlab.api.agreement.SiteAgreementApi;

/** Every method of the PLC API, by name, in the order of the documentation. */
public final class MethodCatalog {
    private static final Map<String, MethodSpec> BY_NAME = build();

    private MethodCatalog() {}

    private static Map<String, MethodSpec> build() {
        List<MethodSpec> all = new ArrayList<>();
        all.addAll(SiteApi.METHODS);
        all.addAll(PersonApi.METHODS);
        all.addAll(KeyApi.METHODS);
        all.addAll(NodeApi.METHODS);
        all.addAll(InterfaceApi.METHODS);
        all.addAll(NodeGroupApi.METHODS);
        all.addAll(PcuApi.METHODS);
        all.addAll(RebootApi.METHODS);
        all.addAll(ConfFileApi.METHODS);
        all.addAll(TagTypeApi.METHODS);
        all.addAll(SliceApi.METHODS);
        all.addAll(SliceTagApi.METHODS);
        all.addAll(SliverApi.METHODS);
        all.addAll(AuthorityApi.METHODS);
        all.addAll(BootApi.METHODS);
        all.addAll(ReleaseApi.METHODS);
        all.addAll(RolloutApi.METHODS);
        all.addAll(SessionApi.METHODS);
        all.addAll(EventApi.METHODS);
        all.addAll(MonitorApi.METHODS);
        all.addAll(StopApi.METHODS);
        all.addAll(AuditApi.METHODS);
        all.addAll(VocabularyApi.METHODS);
        all.addAll(TypeValueApi.METHODS);
        all.addAll(AddressTypeApi.METHODS);
        all.addAll(PcuTypeApi.METHODS);
        all.addAll(ObjectTagApi.METHODS);
        all.addAll(AccessorApi.METHODS);
        all.addAll(PrimarySiteApi.METHODS);
        all.addAll(SliceLookupApi.METHODS);
        all.addAll(SessionGrantApi.METHODS);
        all.addAll(EventObjectApi.METHODS);
        all.addAll(NotifyApi.METHODS);
        all.addAll(LegacySliceApi.METHODS);
        all.addAll(NodeFlavourApi.METHODS);
        all.addAll(InitScriptApi.METHODS);
        all.addAll(WhitelistApi.METHODS);
        all.addAll(IlinkApi.METHODS);
        all.addAll(SessionListApi.METHODS);
        all.addAll(LegacySliceAttributeApi.METHODS);
        all.addAll(LegacySliceInfoApi.METHODS);
        all.addAll(VerificationApi.METHODS);
        all.addAll(MessageApi.METHODS);
        all.addAll(UsageApi.METHODS);
        all.addAll(SliverStateApi.METHODS);
        all.addAll(LeaseApi.METHODS);
        all.addAll(PeerApi.METHODS);
        all.addAll(NamingAuthorityApi.METHODS);
        all.addAll(ManagementAuthorityApi.METHODS);
        all.addAll(SiteAgreementApi.METHODS);
        all.addAll(SystemApi.METHODS);
        Map<String, MethodSpec> byName = new LinkedHashMap<>();
        for (MethodSpec spec : all) {
            if (byName.put(spec.name(), spec) != null) {
                throw new IllegalStateException("method " + spec.name() + " is defined twice");
            }
        }
        return Collections.unmodifiableMap(byName);
    }

    /** All methods, in documentation order. */
    public static List<MethodSpec> all() {
        return List.copyOf(BY_NAME.values());
    }

    public static Optional<MethodSpec> lookup(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
