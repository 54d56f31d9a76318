package org.planetlab.node.privileged;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test that needs root, namespaces, cgroups, mounts and the node's host tools. Such tests
 * carry the tag {@value #TAG}, so that {@code -DexcludedGroups=privileged} leaves them out and
 * {@code -Dgroups=privileged} runs them alone, and they run only where {@link HostCapabilities}
 * finds what they need; where it does not, they are skipped with the reason, or fail when the
 * build asked for them with {@code -Dplanetlab.privileged=required}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag(Privileged.TAG)
@ExtendWith(HostCapabilities.class)
public @interface Privileged {
    String TAG = "privileged";

    /**
     * Whether the test calls the host's network, disk and sliver tools (iproute2, nftables,
     * btrfs, busybox, ...); {@code false} for a test that needs only root.
     */
    boolean hostTools() default true;
}
