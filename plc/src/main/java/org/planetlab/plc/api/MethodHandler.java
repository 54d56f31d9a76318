package org.planetlab.plc.api;

/** The implementation of one API method. Its arguments have been checked against its spec. */
@FunctionalInterface
public interface MethodHandler {
    /** Returns the result as a neutral wire value. */
    Object handle(Call call);
}
