package org.renfort.servicekit;

import com.google.protobuf.Timestamp;

import java.time.Instant;

/** google.protobuf.Timestamp <-> Instant, the one conversion every adapter needs. */
public final class ProtoTime {
    private ProtoTime() {
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /** Only for a timestamp the contract's rules have checked: seconds near the int64 limits are not an Instant. */
    public static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
