package org.planetlab.am.call;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.am.geni.GeniCode;
import org.planetlab.am.geni.GeniException;
import org.planetlab.am.sliver.AmSliver;
import org.planetlab.am.sliver.AmSlivers;
import org.planetlab.am.urn.NameMapping;
import org.planetlab.am.urn.Urn;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.slice.SliceDetails;
import org.planetlab.plc.slice.SliceRef;

/**
 * What the URNs of a call name: one slice of this PLC, live (or EXPIRED, or SEARCHFAILED), and
 * the slivers of it the call is about, without allocations that lapsed.
 */
final class SliceTargets {
    /** The slice a call is about and the slivers of it the call names. */
    record Target(Urn sliceUrn, SliceDetails slice, List<AmSliver> slivers) {}

    private final Plc plc;
    private final NameMapping names;
    private final Clock clock;

    SliceTargets(Plc plc, NameMapping names, Clock clock) {
        this.plc = plc;
        this.names = names;
        this.clock = clock;
    }

    /**
     * Resolves the URNs of a call to one slice of this PLC and the slivers named, after checking
     * that the credentials grant {@code privilege} on that slice (so that what exists is told only
     * to those who may know).
     */
    Target resolve(List<String> texts, CallerCredentials credentials, String privilege) {
        return resolve(texts, Optional.of(urn -> credentials.granting(urn, privilege)));
    }

    Target resolve(List<String> texts) {
        return resolve(texts, Optional.empty());
    }

    Target resolve(List<String> texts, Optional<java.util.function.Consumer<Urn>> authorize) {
        List<Urn> urns = texts.stream().map(Urn::parse).toList();
        Urn sliceUrn = null;
        Optional<Long> sliceIdOfSlivers = Optional.empty();
        for (Urn urn : urns) {
            switch (urn.type()) {
                case "slice" -> {
                    if (sliceUrn != null && !sliceUrn.equals(urn)) {
                        throw GeniException.badArgs("the urns name two slices; a call is about one slice");
                    }
                    sliceUrn = urn;
                }
                case "sliver" -> {
                    long sliceId = names.sliceIdOfSliver(urn);
                    if (sliceIdOfSlivers.isPresent() && sliceIdOfSlivers.get() != sliceId) {
                        throw GeniException.badArgs("the urns name slivers of two slices; a call is about one slice");
                    }
                    sliceIdOfSlivers = Optional.of(sliceId);
                }
                default -> throw GeniException.badArgs(urn + " is neither a slice nor a sliver URN");
            }
        }
        SliceDetails slice;
        if (sliceUrn != null) {
            names.plcapiSliceName(sliceUrn);
            Urn checked = sliceUrn;
            authorize.ifPresent(check -> check.accept(checked));
            slice = liveSlice(sliceUrn);
            if (sliceIdOfSlivers.isPresent() && sliceIdOfSlivers.get() != slice.sliceId()) {
                throw GeniException.badArgs("the slivers named are not of " + sliceUrn);
            }
        } else {
            long sliceId = sliceIdOfSlivers.orElseThrow();
            slice = plc.slices().slice(Caller.INTERNAL, SliceRef.of(sliceId)).orElseThrow(() -> GeniException.searchFailed(
                    "the slice of the slivers named no longer exists (deleted or expired)"));
            sliceUrn = names.sliceUrn(slice.name());
            Urn checked = sliceUrn;
            authorize.ifPresent(check -> check.accept(checked));
        }
        List<AmSliver> slivers = current(slice.sliceId());
        if (slivers.isEmpty()) {
            throw GeniException.searchFailed("slice " + sliceUrn + " has no slivers at this aggregate");
        }
        List<AmSliver> named = slivers;
        if (!urns.contains(sliceUrn)) {
            List<String> wanted = urns.stream().map(Urn::toString).toList();
            named = slivers.stream().filter(sliver -> wanted.contains(sliver.sliverUrn())).toList();
            if (named.size() != wanted.size()) {
                throw GeniException.searchFailed("some slivers named are not slivers of " + sliceUrn + " at this aggregate");
            }
        }
        return new Target(sliceUrn, slice, named);
    }

    /** The live slice of a URN; EXPIRED if PLC expired it (or is about to), SEARCHFAILED if there is none. */
    SliceDetails liveSlice(Urn sliceUrn) {
        String name = names.plcapiSliceName(sliceUrn);
        Optional<SliceDetails> slice = plc.slices().slice(Caller.INTERNAL, SliceRef.of(name));
        long now = clock.instant().getEpochSecond();
        if (slice.isPresent()) {
            if (slice.get().expires() <= now) {
                throw new GeniException(GeniCode.EXPIRED, "slice " + sliceUrn + " expired at " + Instant.ofEpochSecond(slice.get().expires()));
            }
            return slice.get();
        }
        Optional<Long> expired = plc.database().read(handle -> handle.createQuery(
                        "SELECT MAX(expires) FROM slices WHERE name = :name AND is_deleted = TRUE AND expires <= :now")
                .bind("name", name).bind("now", now).mapTo(Long.class).findOne());
        if (expired.isPresent() && expired.get() != null) {
            throw new GeniException(GeniCode.EXPIRED, "slice " + sliceUrn + " expired at " + Instant.ofEpochSecond(expired.get())
                    + "; its slivers are gone");
        }
        throw GeniException.searchFailed("no slice " + sliceUrn + " at this aggregate");
    }

    /**
     * The slivers of a slice, without allocations that lapsed (which {@link LapsedAllocations}
     * gives back, with their leases, through PLC's mutation path).
     */
    List<AmSliver> current(long sliceId) {
        return plc.database().read(handle -> current(handle, sliceId, clock.instant().getEpochSecond()));
    }

    static List<AmSliver> current(Handle handle, long sliceId, long now) {
        return AmSlivers.ofSlice(handle, sliceId).stream()
                .filter(sliver -> sliver.provisioned() || sliver.allocationExpires() > now)
                .toList();
    }
}
