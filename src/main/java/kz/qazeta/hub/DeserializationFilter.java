package kz.qazeta.hub;

import java.io.ObjectInputFilter;

/**
 * The JVM-wide filter on Java deserialization ({@code jdk.serialFilter}), set as the hub starts: the hub itself
 * deserializes nothing (its messages are JSON and XML, JMS text; sessions stay in memory; Artemis' journal and
 * Jolokia have their own formats), so only the JDK's plain values pass (strings, numbers, dates, collections of
 * them), small and shallow, and every other class is refused. It is the second wall behind the closed doors (no
 * Jolokia JSR-160 proxy, no ObjectMessage read): a stream that still reaches an ObjectInputStream (an ObjectMessage
 * a partner puts on a queue, a JMX stub) cannot build a gadget chain from the libraries on the classpath.
 * A filter given on the command line ({@code -Djdk.serialFilter=...}) is kept as it is.
 */
public final class DeserializationFilter {

    /** Limits first, then the allowed packages (not their subpackages), then "!*": everything else refused. */
    static final String PATTERN = "maxdepth=20;maxrefs=10000;maxarray=100000;maxbytes=1000000;"
            + "java.lang.*;java.util.*;java.time.*;java.math.*;!*";

    private DeserializationFilter() {
    }

    /** Sets the filter unless one is set already (by {@code jdk.serialFilter}, or an earlier call). */
    public static synchronized void install() {
        if (ObjectInputFilter.Config.getSerialFilter() == null) {
            ObjectInputFilter.Config.setSerialFilter(ObjectInputFilter.Config.createFilter(PATTERN));
        }
    }
}
