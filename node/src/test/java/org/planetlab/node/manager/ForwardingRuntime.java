package org.planetlab.node.manager;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import org.planetlab.node.sliver.SliverRuntime;
import org.planetlab.node.sliver.SliverUsage;
import org.planetlab.node.state.VmRecord;

/** A sliver runtime that passes every call on; tests override the calls they slow down or break. */
class ForwardingRuntime implements SliverRuntime {
    private final SliverRuntime delegate;

    ForwardingRuntime(SliverRuntime delegate) {
        this.delegate = requireNonNull(delegate, "delegate is null");
    }

    @Override
    public void start(VmRecord vm) {
        delegate.start(vm);
    }

    @Override
    public void stop(VmRecord vm) {
        delegate.stop(vm);
    }

    @Override
    public void destroy(VmRecord vm) {
        delegate.destroy(vm);
    }

    @Override
    public void update(VmRecord vm) {
        delegate.update(vm);
    }

    @Override
    public boolean running(VmRecord vm) {
        return delegate.running(vm);
    }

    @Override
    public SliverUsage usage(VmRecord vm) {
        return delegate.usage(vm);
    }

    @Override
    public Collection<String> removeOrphans(Collection<VmRecord> desired) {
        return delegate.removeOrphans(desired);
    }
}
