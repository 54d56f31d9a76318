package org.planetlab.node.manager;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscribers to the node's state changes. The controller publishes; one delivery thread
 * hands every event to every subscriber in publication order, so a slow subscriber delays other
 * subscribers, never the node manager.
 */
final class NodeEvents {
    private static final Logger LOG = LoggerFactory.getLogger(NodeEvents.class);

    private final List<Consumer<? super NodeEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery;

    NodeEvents(ManagerThreads threads) {
        delivery = Executors.newSingleThreadExecutor(threads.factory("node-events", false));
    }

    /** Delivers every later event to {@code subscriber} until the returned subscription is closed. */
    AutoCloseable subscribe(Consumer<? super NodeEvent> subscriber) {
        requireNonNull(subscriber, "subscriber is null");
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    void publish(NodeEvent event) {
        if (subscribers.isEmpty() || delivery.isShutdown()) {
            return;
        }
        delivery.execute(() -> {
            for (Consumer<? super NodeEvent> subscriber : subscribers) {
                try {
                    subscriber.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("a subscriber failed on {}: {}", event, e.toString());
                }
            }
        });
    }

    /** Delivers the events published so far, then ends the delivery thread; later events are dropped. */
    void close() {
        delivery.shutdown();
    }
}
