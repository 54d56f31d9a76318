package org.planetlab.plc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.planetlab.plc.testing.Registry.rows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.planetlab.api.client.PlcClient;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestKeys;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.plc.testing.UnicodeStrings;

/**
 * Every writable field of every object, written through one encoding and read back through the
 * other, on both stores, comes back identical: arbitrary Unicode (all planes, RTL, combining
 * marks, CR/LF, XML and SQL metacharacters) at lengths up to each field's limit, doubles with
 * all their digits, booleans, nils.
 */
class RoundTripTest {
    static Stream<Arguments> setups() {
        return Stream.of(
                Arguments.of(StoreKind.SQLITE, PlcClient.Encoding.XML_RPC, PlcClient.Encoding.JSON),
                Arguments.of(StoreKind.SQLITE, PlcClient.Encoding.JSON, PlcClient.Encoding.XML_RPC),
                Arguments.of(StoreKind.POSTGRESQL, PlcClient.Encoding.XML_RPC, PlcClient.Encoding.JSON),
                Arguments.of(StoreKind.POSTGRESQL, PlcClient.Encoding.JSON, PlcClient.Encoding.XML_RPC));
    }

    @ParameterizedTest(name = "{0}: write {1}, read {2}")
    @MethodSource("setups")
    void everyFieldReadsBackIdentical(StoreKind store, PlcClient.Encoding write, PlcClient.Encoding read) {
        Random random = new Random(store.ordinal() * 31L + write.ordinal());
        try (TestingPlc testing = TestingPlc.start(store)) {
            PlcClient writer = testing.operator(write);
            PlcClient reader = testing.operator(read);
            for (int round = 0; round < 3; round++) {
                roundTrip(writer, reader, random, round);
            }
        }
    }

    private static void roundTrip(PlcClient writer, PlcClient reader, Random random, int round) {
        Map<String, Object> site = new LinkedHashMap<>();
        site.put("login_base", "rt" + round + random.nextInt(1000));
        site.put("name", text(random, 254, round));
        site.put("abbreviated_name", text(random, 50, round));
        site.put("url", "https://example.org/" + text(random, 40, 1).replaceAll("\\s", "_"));
        site.put("latitude", -90 + 180 * random.nextDouble());
        site.put("longitude", round == 0 ? 180.0 : -180 + 360 * random.nextDouble());
        site.put("max_slices", (long) random.nextInt(Integer.MAX_VALUE));
        site.put("max_slivers", round == 1 ? Long.MAX_VALUE : 0L);
        site.put("is_public", random.nextBoolean());
        site.put("enabled", true);
        site.put("subnets", List.of("128.112.0.0/16", "2001:db8::/32"));
        long siteId = (Long) writer.call("AddSite", site);
        check(reader.call("GetSites", List.of(siteId), List.copyOf(site.keySet())), site);

        Map<String, Object> address = new LinkedHashMap<>();
        address.put("line1", text(random, 254, round));
        address.put("line2", round == 0 ? null : text(random, 254, round));
        address.put("line3", text(random, 254, round));
        address.put("city", text(random, 254, round));
        address.put("state", text(random, 254, round));
        address.put("postalcode", text(random, 64, round));
        address.put("country", text(random, 128, round));
        long addressId = (Long) writer.call("AddSiteAddress", siteId, address);
        check(reader.call("GetAddresses", List.of(addressId), List.copyOf(address.keySet())), address);

        Map<String, Object> person = new LinkedHashMap<>();
        person.put("email", "p" + round + random.nextInt(100000) + "@Example.ORG");
        person.put("first_name", text(random, 128, round));
        person.put("last_name", text(random, 128, round));
        person.put("title", round == 2 ? null : text(random, 128, round));
        person.put("phone", text(random, 64, round));
        person.put("url", "http://example.org/~" + random.nextInt(1000));
        person.put("bio", text(random, 254, round));
        person.put("address", text(random, 1024, round));
        person.put("enabled", random.nextBoolean());
        Map<String, Object> withPassword = new LinkedHashMap<>(person);
        withPassword.put("password", text(random, 60, round));
        long personId = (Long) writer.call("AddPerson", withPassword);
        check(reader.call("GetPersons", List.of(personId), List.copyOf(person.keySet())), person);

        String key = TestKeys.ed25519(text(random, 100, round).replaceAll("[\\r\\n]", " ").strip() + "x");
        long keyId = (Long) writer.call("AddPersonKey", personId, Map.of("key_type", "ssh", "key", key));
        check(reader.call("GetKeys", List.of(keyId), List.of("key_type", "key")), Map.of("key_type", "ssh", "key", key));

        Map<String, Object> node = new LinkedHashMap<>();
        node.put("hostname", "node" + round + random.nextInt(100000) + ".Example.org");
        node.put("boot_state", "safeboot");
        node.put("model", text(random, 255, round));
        node.put("version", text(random, 64, round));
        long nodeId = (Long) writer.call("AddNode", siteId, node);
        check(reader.call("GetNodes", List.of(nodeId), List.copyOf(node.keySet())), node);

        Map<String, Object> nic = new LinkedHashMap<>();
        nic.put("method", "static");
        nic.put("type", "ipv4");
        nic.put("ip", "10.0." + round + ".1");
        nic.put("mac", "02:00:00:00:00:0" + round);
        nic.put("netmask", "255.255.255.0");
        nic.put("gateway", null);
        nic.put("bwlimit", 500_000L + random.nextInt(1_000_000_000));
        nic.put("hostname", "nic" + round + ".example.org");
        nic.put("is_primary", true);
        long nicId = (Long) writer.call("AddInterface", nodeId, nic);
        check(reader.call("GetInterfaces", List.of(nicId), List.copyOf(nic.keySet())), nic);

        Map<String, Object> tagType = new LinkedHashMap<>();
        tagType.put("tagname", "note_" + round + "_" + random.nextInt(100000));
        tagType.put("description", text(random, 254, round));
        tagType.put("category", text(random, 64, round));
        tagType.put("min_role_id", 30L);
        long tagTypeId = (Long) writer.call("AddTagType", tagType);
        check(reader.call("GetTagTypes", List.of(tagTypeId), List.copyOf(tagType.keySet())), tagType);

        String tagValue = text(random, 2000, round);
        long nodeTagId = (Long) writer.call("AddNodeTag", nodeId, tagTypeId, tagValue);
        check(reader.call("GetNodeTags", List.of(nodeTagId), List.of("value")), Map.of("value", tagValue));

        String groupValue = text(random, 300, round);
        long groupId = (Long) writer.call("AddNodeGroup", "group" + round + random.nextInt(100000), tagTypeId, groupValue);
        check(reader.call("GetNodeGroups", List.of(groupId), List.of("value")), Map.of("value", groupValue));

        Map<String, Object> pcu = new LinkedHashMap<>();
        pcu.put("ip", "2001:db8::" + (round + 1));
        pcu.put("hostname", "pcu" + round + ".example.org");
        pcu.put("protocol", text(random, 16, round));
        pcu.put("username", text(random, 254, round));
        pcu.put("password", text(random, 254, round));
        pcu.put("model", text(random, 32, round));
        pcu.put("notes", text(random, 254, round));
        long pcuId = (Long) writer.call("AddPCU", siteId, pcu);
        pcu.remove("password"); // write-only: no call returns it
        check(reader.call("GetPCUs", List.of(pcuId), List.copyOf(pcu.keySet())), pcu);

        Map<String, Object> confFile = new LinkedHashMap<>();
        confFile.put("enabled", false);
        confFile.put("source", text(random, 255, round));
        confFile.put("dest", "/etc/" + text(random, 200, round));
        confFile.put("file_permissions", "0640");
        confFile.put("file_owner", text(random, 50, round));
        confFile.put("file_group", text(random, 50, round));
        confFile.put("preinstall_cmd", text(random, 1024, round));
        confFile.put("postinstall_cmd", null);
        confFile.put("error_cmd", text(random, 1024, round));
        confFile.put("ignore_cmd_errors", true);
        confFile.put("always_update", random.nextBoolean());
        long confFileId = (Long) writer.call("AddConfFile", confFile);
        check(reader.call("GetConfFiles", List.of(confFileId), List.copyOf(confFile.keySet())), confFile);

        Map<String, Object> slice = new LinkedHashMap<>();
        slice.put("name", site.get("login_base") + "_Slice_" + round);
        slice.put("instantiation", "delegated");
        slice.put("url", "https://example.org/slice/" + round);
        slice.put("description", text(random, 2048, round));
        slice.put("max_nodes", (long) random.nextInt(1000));
        long sliceId = (Long) writer.call("AddSlice", slice);
        check(reader.call("GetSlices", List.of(sliceId), List.copyOf(slice.keySet())), slice);

        String attribute = text(random, 5000, round);
        long sliceTagId = (Long) writer.call("AddSliceTag", sliceId, tagTypeId, attribute);
        check(reader.call("GetSliceTags", List.of(sliceTagId), List.of("value")), Map.of("value", attribute));
        String script = text(random, 3000, round);
        long bootscriptId = (Long) writer.call("AddSliceTag", sliceId, "bootscript", script);
        check(reader.call("GetSliceTags", List.of(bootscriptId), List.of("value")), Map.of("value", script));
    }

    /** Mostly random lengths, but the full limit on the first round. */
    private static String text(Random random, int maxCodePoints, int round) {
        if (round == 0) {
            String full = UnicodeStrings.random(random, maxCodePoints);
            while (full.codePointCount(0, full.length()) < maxCodePoints) {
                full = full + UnicodeStrings.random(random, maxCodePoints - full.codePointCount(0, full.length()));
            }
            return full;
        }
        return UnicodeStrings.random(random, Math.min(maxCodePoints, 300));
    }

    private static void check(Object result, Map<String, Object> expected) {
        List<Map<String, Object>> rows = rows(result);
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst()).isEqualTo(expected);
    }
}
