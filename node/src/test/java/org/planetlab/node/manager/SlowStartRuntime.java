package org.planetlab.node.manager;

import java.util.concurrent.CountDownLatch;
import org.planetlab.node.state.VmRecord;

/** A recording runtime whose start of {@code slow_slice} waits until {@link #release} is counted down. */
final class SlowStartRuntime extends ForwardingRuntime {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    SlowStartRuntime() {
        super(new RecordingRuntime());
    }

    @Override
    public void start(VmRecord vm) {
        if (vm.name().equals("slow_slice")) {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.start(vm);
    }
}
