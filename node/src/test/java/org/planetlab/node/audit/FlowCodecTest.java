package org.planetlab.node.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.planetlab.api.audit.FlowRecord;

/**
 * A query passes over records in their bytes: what it lets through to be decoded must include
 * every record it answers, so reading in place never loses a flow the page should show.
 */
class FlowCodecTest {
    private static final List<String> ADDRESSES = List.of("192.0.2.1", "192.0.2.10", "192.0.2.100", "10.0.0.1",
            "2001:db8::1", "2001:db8::10", "::1");
    private static final long T0 = 1_780_000_000_000L;

    @Test
    void theInPlaceCheckKeepsEveryRecordAQueryMatchesAndPassesOverOthersByAddressAndTime() throws Exception {
        Random random = new Random(4);
        int passedOver = 0;
        for (int round = 0; round < 20_000; round++) {
            FlowRecord record = record(random);
            byte[] encoded = FlowCodec.encode(record);
            byte[] body = java.util.Arrays.copyOfRange(encoded, 2, encoded.length);
            assertThat(FlowCodec.decode(new DataInputStream(new ByteArrayInputStream(body)))).isEqualTo(record);
            String remote = ADDRESSES.get(random.nextInt(ADDRESSES.size()));
            long from = T0 + random.nextInt(20_000) - 5_000;
            FlowQuery query = new FlowQuery(remote, from, from + random.nextInt(6_000), OptionalInt.empty(),
                    OptionalInt.empty(), 10);
            boolean may = FlowCodec.mayMatch(body, body.length, FlowCodec.utf(remote), query.fromMillis(),
                    query.toMillis());
            if (query.matches(record)) {
                assertThat(may).as("%s for %s", record, query).isTrue();
            } else if (!may) {
                passedOver++;
            }
            boolean sameAddress = record.remoteAddress().equals(remote);
            boolean overlaps = record.endMillis() >= query.fromMillis() && record.startMillis() <= query.toMillis();
            assertThat(may).as("decided by address and time alone").isEqualTo(sameAddress && overlaps);
        }
        assertThat(passedOver).isGreaterThan(10_000);
    }

    @Test
    void aBodyOfAnotherVersionOrCutShortIsLeftToTheDecoder() {
        byte[] encoded = FlowCodec.encode(record(new Random(1)));
        byte[] body = java.util.Arrays.copyOfRange(encoded, 2, encoded.length);
        byte[] remote = FlowCodec.utf("198.51.100.1");
        assertThat(FlowCodec.mayMatch(body, 12, remote, 0, 1)).isTrue();
        body[0] = 2;
        assertThat(FlowCodec.mayMatch(body, body.length, remote, 0, 1)).isTrue();
    }

    private static FlowRecord record(Random random) {
        long start = T0 + random.nextInt(20_000);
        String slice = "slice_" + "x".repeat(random.nextInt(40));
        return new FlowRecord(1 + random.nextInt(5), 1 + random.nextInt(50), slice, FlowRecord.Direction.OUTBOUND,
                6, start, start + random.nextInt(3_000), random.nextBoolean() ? "10.0.0.2" : "10.0.12.250",
                random.nextInt(65_536), random.nextBoolean() ? "198.51.100.1" : "2001:db8:ffff::77", random.nextInt(65_536),
                ADDRESSES.get(random.nextInt(ADDRESSES.size())), random.nextInt(65_536), 1, 60, 0, 0, 0x02, false);
    }
}
