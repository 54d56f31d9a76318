package org.planetlab.api.nodemanager;

import java.util.function.Function;

/**
 * One side of an operation's wire form: a typed value to and from the neutral JSON value model
 * ({@link org.planetlab.api.wire.JsonCodec}). Reading throws {@code INVALID_ARGUMENT} naming the
 * field that is missing or of the wrong type.
 */
public interface WireCodec<T> {
    Object toWire(T value);

    T fromWire(Object wire);

    static <T> WireCodec<T> of(Function<T, Object> write, Function<Object, T> read) {
        return new WireCodec<>() {
            @Override
            public Object toWire(T value) {
                return write.apply(value);
            }

            @Override
            public T fromWire(Object wire) {
                return read.apply(wire);
            }
        };
    }
}
