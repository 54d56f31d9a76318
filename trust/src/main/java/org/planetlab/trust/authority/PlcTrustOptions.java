package org.planetlab.trust.authority;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.Names;
import org.planetlab.trust.key.KeyAlgorithm;

/**
 * What {@link PlcTrust#openOrCreate} creates on first start. Later starts read the mode and names
 * from the directory and ignore these (except the lifetimes used when renewing).
 *
 * @param mode hierarchical (default) or authorities-as-roots
 * @param sliceAuthorityName name of the SA, e.g. {@code plc.sa}
 * @param managementAuthorityName name of the MA, e.g. {@code plc.ma}
 * @param keyAlgorithm algorithm of every key created
 * @param authorityLifetime lifetime of SA and MA certificates
 * @param tlsCaLifetime lifetime of the TLS CA certificate
 */
public record PlcTrustOptions(TrustMode mode, String sliceAuthorityName, String managementAuthorityName, KeyAlgorithm keyAlgorithm,
                              Duration authorityLifetime, Duration tlsCaLifetime) {
    /** The testbed's defaults: hierarchical, plc.sa and plc.ma, P-256, one year, ten years. */
    public static final PlcTrustOptions DEFAULT = new PlcTrustOptions(TrustMode.HIERARCHICAL, "plc.sa", "plc.ma",
            KeyAlgorithm.EC_P256, Duration.ofDays(365), Duration.ofDays(3650));

    public PlcTrustOptions {
        requireNonNull(mode, "mode is null");
        sliceAuthorityName = Names.sliceName(sliceAuthorityName, "slice authority name");
        managementAuthorityName = Names.sliceName(managementAuthorityName, "management authority name");
        requireNonNull(keyAlgorithm, "keyAlgorithm is null");
        requireNonNull(authorityLifetime, "authorityLifetime is null");
        requireNonNull(tlsCaLifetime, "tlsCaLifetime is null");
        if (sliceAuthorityName.equals(managementAuthorityName)) {
            throw PlanetLabException.invalidArgument("the slice and management authorities need different names");
        }
        if (authorityLifetime.toDays() < 2 || tlsCaLifetime.toDays() < 2) {
            throw PlanetLabException.invalidArgument("certificate lifetimes must be at least two days");
        }
    }

    public PlcTrustOptions withMode(TrustMode newMode) {
        return new PlcTrustOptions(newMode, sliceAuthorityName, managementAuthorityName, keyAlgorithm, authorityLifetime, tlsCaLifetime);
    }
}
