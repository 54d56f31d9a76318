package org.planetlab.node.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class LowPriorityTest {
    @Test
    void backgroundThreadsRunAtNiceNineteenAndOthersKeepTheirs() throws Exception {
        ExecutorService background = Executors.newSingleThreadExecutor(LowPriority.threads("test-background"));
        try {
            assertThat(background.submit(LowPriorityTest::ownNice).get()).isEqualTo(LowPriority.NICE);
            assertThat(background.submit(() -> Thread.currentThread().getName()).get()).isEqualTo("test-background");
            assertThat(background.submit(() -> Thread.currentThread().isDaemon()).get()).isTrue();
        } finally {
            background.shutdownNow();
        }
        assertThat(CompletableFuture.supplyAsync(LowPriorityTest::ownNice, runnable -> Thread.ofPlatform().start(runnable)).get())
                .isEqualTo(ownNice());
        assertThat(ownNice()).isLessThan(LowPriority.NICE);
    }

    /** The calling thread's nice value, field 19 of /proc/thread-self/stat. */
    private static int ownNice() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
