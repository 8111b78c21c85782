package org.renfort.servicekit;

import com.google.protobuf.ProtocolMessageEnum;
import org.renfort.kernel.InvalidArgumentException;

/**
 * Proto enums carry a prefix and an UNSPECIFIED zero value (buf STANDARD); domain enums carry
 * neither. A missing or unknown value is refused naming the field.
 */
public final class ProtoEnums {
    private ProtoEnums() {
    }

    public static <E extends Enum<E>> E toDomain(ProtocolMessageEnum value, String prefix, Class<E> type, String field) {
        String name = ((Enum<?>) value).name();
        if (name.equals("UNRECOGNIZED") || name.equals(prefix + "UNSPECIFIED") || !name.startsWith(prefix)) {
            throw new InvalidArgumentException(field, "is required and must be one of the listed values");
        }
        return Enum.valueOf(type, name.substring(prefix.length()));
    }

    public static <P extends Enum<P>> P toProto(Enum<?> value, String prefix, Class<P> type) {
        return Enum.valueOf(type, prefix + value.name());
    }
}
