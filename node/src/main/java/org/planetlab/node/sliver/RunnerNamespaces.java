package org.planetlab.node.sliver;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.planetlab.node.net.NamespaceFactory;

/**
 * Network namespaces made (and let go of) by the native runner ({@code sliver-runner netns-create},
 * {@code netns-delete}) through its long-lived server, so no process is started; each is owned
 * by a new user namespace that receives a sliver's uid range when the sliver starts in it: the
 * sliver's root then holds CAP_NET_RAW and CAP_NET_ADMIN over that network namespace only.
 */
final class RunnerNamespaces implements NamespaceFactory {
    private final SliverRunner runner;

    RunnerNamespaces(SliverRunner runner) {
        this.runner = requireNonNull(runner, "runner is null");
    }

    @Override
    public void create(List<Path> namespaceFiles) {
        if (namespaceFiles.isEmpty()) {
            return;
        }
        run("netns-create", namespaceFiles);
    }

    @Override
    public void delete(List<Path> namespaceFiles) {
        if (!namespaceFiles.isEmpty()) {
            run("netns-delete", namespaceFiles);
        }
    }

    private void run(String mode, List<Path> namespaceFiles) {
        List<String> arguments = new ArrayList<>(List.of(mode));
        namespaceFiles.forEach(file -> arguments.add(file.toString()));
        runner.run(arguments);
    }
}
