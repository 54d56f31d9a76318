package org.planetlab.plc.vocabulary;

import java.util.LinkedHashMap;
import java.util.Map;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.typetable.TypeValueTable;
import org.planetlab.plc.typetable.TypeValues;

/** The one-column type tables, the release and the boot-time credentials check; nothing here changes state. */
public final class VocabularyMethods {
    private static final String NAME = "PlanetLab Central (Java)";

    public void register(MethodRegistry registry) {
        registry.bind("GetNodeTypes", call -> TypeValues.list(call.db(), TypeValueTable.NODE_TYPES))
                .bind("GetNetworkMethods", call -> TypeValues.list(call.db(), TypeValueTable.NETWORK_METHODS))
                .bind("GetNetworkTypes", call -> TypeValues.list(call.db(), TypeValueTable.NETWORK_TYPES))
                .bind("GetSliceInstantiations", call -> TypeValues.list(call.db(),
                        TypeValueTable.SLICE_INSTANTIATIONS))
                .bind("GetPlcRelease", call -> release())
                .bind("BootCheckAuthentication", call -> 1L);
    }

    private static Map<String, Object> release() {
        String version = VocabularyMethods.class.getPackage().getImplementationVersion();
        Map<String, Object> build = new LinkedHashMap<>();
        build.put("name", NAME);
        build.put("version", version == null ? "development" : version);
        Map<String, Object> release = new LinkedHashMap<>();
        release.put("build", build);
        release.put("tags", Map.of());
        release.put("rpms", Map.of());
        return release;
    }
}
