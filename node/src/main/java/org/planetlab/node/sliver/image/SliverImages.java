package org.planetlab.node.sliver.image;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.state.VmRecord;

/**
 * The image a sliver's root is built over: the image its {@code vref} names among those this node
 * offers, with its {@code packages} installed when it asks for some (a {@link PackageLayers}
 * layer). Asked before anything of a new sliver is made, so a refusal leaves nothing behind.
 */
public final class SliverImages {
    private final ImageSettings settings;
    private final PackageLayers layers;

    public SliverImages(ImageSettings settings, PackageLayers layers) {
        this.settings = requireNonNull(settings, "settings is null");
        this.layers = requireNonNull(layers, "layers is null");
    }

    /**
     * The directory of the sliver's image.
     *
     * @throws PlanetLabException {@code INVALID_ARGUMENT} for a vref this node does not offer;
     *     {@code UNAVAILABLE} while its package layer is being built; {@code HOST_OPERATION_FAILED}
     *     if that build failed
     */
    public Path imageOf(VmRecord vm) {
        String vref = vm.rspec().valueOrDefault(RspecAttribute.IMAGE);
        Path base = settings.images().get(vref);
        if (base == null) {
            throw PlanetLabException.invalidArgument("sliver " + vm.name() + ": vref \"" + vref + "\" names no image this node"
                    + " offers (it offers " + String.join(", ", settings.images().keySet()) + "; its operator adds images with"
                    + " image.<vref> in the node agent config)");
        }
        PackageSet packages = PackageSet.of(vm.rspec());
        return packages.isEmpty() ? base : layers.require(vref, base, packages);
    }

    /**
     * Removes the package layers no recorded sliver has used for {@code keepUnusedLayer}
     * (docs/image.md); returns their names.
     *
     * @param recorded every sliver recorded on the node, whatever its phase
     */
    public java.util.Set<String> removeUnusedLayers(java.util.List<VmRecord> recorded) {
        java.util.Set<String> inUse = new java.util.HashSet<>();
        for (VmRecord vm : recorded) {
            Path base = settings.images().get(vm.rspec().valueOrDefault(RspecAttribute.IMAGE));
            PackageSet packages = PackageSet.of(vm.rspec());
            if (base != null && !packages.isEmpty()) {
                inUse.add(PackageLayers.name(vm.rspec().valueOrDefault(RspecAttribute.IMAGE), base, packages));
            }
        }
        return layers.removeUnused(inUse);
    }

    public PackageLayers layers() {
        return layers;
    }
}
