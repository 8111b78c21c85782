package org.renfort.servicekit;

import com.google.protobuf.ProtocolMessageEnum;
import org.renfort.kernel.InvalidArgumentException;

import java.util.EnumMap;
import java.util.Map;

/**
 * One proto enum and its domain twin. Proto values carry a prefix and an UNSPECIFIED zero (buf
 * STANDARD), domain values neither; the prefix is read off the zero value, so no caller spells
 * it. A missing or unknown proto value is refused naming the field; every domain value must
 * have its proto counterpart, checked when the bridge is built.
 */
public final class EnumBridge<D extends Enum<D>, P extends Enum<P> & ProtocolMessageEnum> {
    private static final String UNSPECIFIED = "UNSPECIFIED";

    private final Class<D> domain;
    private final String prefix;
    private final Map<D, P> toProto;

    private EnumBridge(Class<D> domain, Class<P> proto) {
        this.domain = domain;
        String zero = proto.getEnumConstants()[0].name();
        if (!zero.endsWith(UNSPECIFIED)) {
            throw new IllegalArgumentException(proto.getName() + " has no *_UNSPECIFIED zero value");
        }
        this.prefix = zero.substring(0, zero.length() - UNSPECIFIED.length());
        this.toProto = new EnumMap<>(domain);
        for (D value : domain.getEnumConstants()) {
            toProto.put(value, Enum.valueOf(proto, prefix + value.name()));
        }
    }

    public static <D extends Enum<D>, P extends Enum<P> & ProtocolMessageEnum> EnumBridge<D, P> of(Class<D> domain, Class<P> proto) {
        return new EnumBridge<>(domain, proto);
    }

    public D toDomain(P value, String field) {
        String name = value.name();
        if (name.equals("UNRECOGNIZED") || name.equals(prefix + UNSPECIFIED) || !name.startsWith(prefix)) {
            throw new InvalidArgumentException(field, "is required and must be one of the listed values");
        }
        return Enum.valueOf(domain, name.substring(prefix.length()));
    }

    public P toProto(D value) {
        return toProto.get(value);
    }
}
