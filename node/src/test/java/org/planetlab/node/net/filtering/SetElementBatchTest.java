package org.planetlab.node.net.filtering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.planetlab.node.net.Ipv4Cidr;
import org.planetlab.node.net.filtering.SetElementBatch.Element;

class SetElementBatchTest {
    /**
     * The elements attribute {@code nft add element ip planetlab assigned { "plv7" comment "abc" }}
     * sent (nftables 1.0.6, seen with strace): one element, its 16-byte ifname key, its comment.
     */
    private static final byte[] NFT_ELEMENTS_ATTRIBUTE = HexFormat.of().parseHex(
            "2c000380" + "28000180" + "18000180" + "14000100" + "706c7637000000000000000000000000"
                    + "0a000600" + "0004616263000000");

    @Test
    void encodesElementsAsNftDoes() {
        SetElementBatch.Encoded encoded = SetElementBatch.encode("planetlab", List.of(Element.device("assigned", "plv7", "abc")), 100);

        ByteBuffer batch = ByteBuffer.wrap(encoded.bytes()).order(ByteOrder.nativeOrder());
        assertMessage(batch, 20, 0x10, 0x1, 100);
        assertThat(batch.get()).isZero();
        assertThat(batch.get()).isZero();
        assertThat(batch.order(ByteOrder.BIG_ENDIAN).getShort()).as("nftables subsystem").isEqualTo((short) 10);
        batch.order(ByteOrder.nativeOrder());
        int start = batch.position();
        int length = batch.getInt(start);
        assertMessage(batch, length, 0x0a0c, 0x1 | 0x4 | 0x400, 101);
        assertThat(batch.get()).as("NFPROTO_IPV4").isEqualTo((byte) 2);
        byte[] message = Arrays.copyOfRange(encoded.bytes(), start, start + length);
        assertThat(HexFormat.of().formatHex(message)).contains(HexFormat.of().formatHex("planetlab\0".getBytes()))
                .contains(HexFormat.of().formatHex("assigned\0".getBytes()))
                .endsWith(HexFormat.of().formatHex(NFT_ELEMENTS_ATTRIBUTE));
        batch.position(start + length);
        assertMessage(batch, 20, 0x11, 0x1, 102);
        assertThat(encoded.firstAcknowledged()).isEqualTo(101);
        assertThat(encoded.lastAcknowledged()).isEqualTo(101);
    }

    @Test
    void deletionsSendOnlyTheKeyAndDestroyPassesOverMissingElements() {
        Element assigned = Element.device("assigned", "plv7", "abc");
        for (boolean destroy : List.of(true, false)) {
            SetElementBatch.Encoded encoded = SetElementBatch.encodeDeletion("planetlab", List.of(assigned), 100, destroy);
            ByteBuffer batch = ByteBuffer.wrap(encoded.bytes()).order(ByteOrder.nativeOrder());
            int start = 20;
            int length = batch.getInt(start);
            batch.position(start);
            assertMessage(batch, length, destroy ? 0x0a1e : 0x0a0e, 0x1 | 0x4, 101);
            String message = HexFormat.of().formatHex(Arrays.copyOfRange(encoded.bytes(), start, start + length));
            assertThat(message).as("the key").contains("706c7637000000000000000000000000")
                    .as("no comment").doesNotContain(HexFormat.of().formatHex("abc".getBytes()));
        }
    }

    @Test
    void encodesConcatenatedKeysAndMapValuesAsNftDoes() {
        byte[] sources = SetElementBatch.encode("planetlab",
                List.of(Element.source("sources", "plv7", Ipv4Cidr.parseAddress("10.200.0.9"))), 1).bytes();
        byte[] classes = SetElementBatch.encode("planetlab",
                List.of(Element.classOf("classes", Ipv4Cidr.parseAddress("10.200.0.9"), 0x10017)), 1).bytes();

        // As nft 1.0.6 sent add element ip planetlab sources { "plv7" . 10.200.0.9 } and classes { 10.200.0.9 : 1:17 }.
        assertThat(HexFormat.of().formatHex(sources)).contains("24000380" + "20000180" + "1c000180" + "18000100"
                + "706c7637000000000000000000000000" + "0ac80009");
        assertThat(HexFormat.of().formatHex(classes)).contains("20000380" + "1c000180" + "0c000180" + "08000100" + "0ac80009"
                + "0c000280" + "08000100" + "17000100");
    }

    @Test
    void aMarkMapElementCarriesItsMarkAsTheValueAndNftWritesItInHex() {
        Element mark = Element.markOf("sliver_marks", "plv7", 0x5a000017);
        byte[] encoded = SetElementBatch.encode("planetlab_audit", List.of(mark), 1).bytes();

        assertThat(mark.nftSyntax()).isEqualTo("\"plv7\" : 0x5a000017");
        // The key (the padded device name), then the value, a u32 in the host's order as for class ids.
        assertThat(HexFormat.of().formatHex(encoded)).contains("706c7637000000000000000000000000" + "0c000280" + "08000100" + "1700005a");
        assertThatThrownBy(() -> new Element("m", "plv7", null, 1, null, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneMessagePerSet() {
        List<Element> elements = List.of(Element.device("assigned", "plv1", "a"), Element.device("mirrored", "plv1", null),
                Element.device("assigned", "plv2", "b"));

        SetElementBatch.Encoded encoded = SetElementBatch.encode("planetlab", elements, 7);

        assertThat(SetElementBatch.sequencesUsed(elements)).isEqualTo(4);
        assertThat(encoded.firstAcknowledged()).isEqualTo(8);
        assertThat(encoded.lastAcknowledged()).isEqualTo(9);
    }

    @Test
    void refusesNamesLongerThanTheKernelAllows() {
        assertThatThrownBy(() -> Element.device("assigned", "sixteencharacter", null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertMessage(ByteBuffer buffer, int length, int type, int flags, int sequence) {
        assertThat(buffer.getInt()).as("length").isEqualTo(length);
        assertThat(Short.toUnsignedInt(buffer.getShort())).as("type").isEqualTo(type);
        assertThat(Short.toUnsignedInt(buffer.getShort())).as("flags").isEqualTo(flags);
        assertThat(buffer.getInt()).as("sequence").isEqualTo(sequence);
        assertThat(buffer.getInt()).as("port").isZero();
    }
}
