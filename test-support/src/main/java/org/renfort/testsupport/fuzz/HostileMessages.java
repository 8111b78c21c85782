package org.renfort.testsupport.fuzz;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * gRPC requests generated from their proto descriptor: a valid request with one to three of its
 * fields - at any depth, chosen among every field the message type declares - set to a hostile
 * value of the field's type: strings of any length and character (controls, line breaks,
 * surrogates, SQL), numbers at their extremes, NaN and infinities, enum numbers that do not
 * exist, empty or oversized repeated fields, messages left empty. Starting from a valid request
 * lets many samples pass the first checks and reach deeper ones; the descriptor makes every
 * field of every request a target without listing them by hand.
 */
public final class HostileMessages {
    private static final int DEPTH = 3;
    private static final String[] CRAFTED = {"", " ", "\u0000", "line\nbreak", "tab\there", "\u202Eright-to-left",
            "'; drop table hospital; --", "%s%n%x", "../../etc/passwd", "<script>alert(1)</script>", "\uD800", "\uDFFF\uD800",
            "590000017", "000000000", "59000001", "5900000170", "12345678Z", "null", "NaN", "-1", "1e309",
            "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "00000000-0000-0000-0000-000000000000", "😷🚑🏥"};

    private HostileMessages() {
    }

    /** Requests derived from fresh valid ones (so that each has its own idempotency key unless a mutation changes it). */
    public static <M extends Message> Arbitrary<M> around(Supplier<M> valid) {
        return Arbitraries.randomValue(random -> mutate(valid.get(), random));
    }

    @SuppressWarnings("unchecked")
    static <M extends Message> M mutate(M valid, Random random) {
        Message.Builder builder = valid.toBuilder();
        List<List<FieldDescriptor>> paths = new ArrayList<>();
        collect(builder.getDescriptorForType(), new ArrayList<>(), paths);
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            apply(builder, paths.get(random.nextInt(paths.size())), 0, random);
        }
        return (M) builder.build();
    }

    private static void collect(Descriptor type, List<FieldDescriptor> prefix, List<List<FieldDescriptor>> paths) {
        for (FieldDescriptor field : type.getFields()) {
            List<FieldDescriptor> path = new ArrayList<>(prefix);
            path.add(field);
            paths.add(path);
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && path.size() < DEPTH) {
                collect(field.getMessageType(), path, paths);
            }
        }
    }

    private static void apply(Message.Builder builder, List<FieldDescriptor> path, int at, Random random) {
        FieldDescriptor field = path.get(at);
        if (at == path.size() - 1) {
            setHostile(builder, field, random);
            return;
        }
        Message.Builder child;
        if (field.isRepeated()) {
            if (builder.getRepeatedFieldCount(field) == 0) {
                builder.addRepeatedField(field, builder.newBuilderForField(field).build());
            }
            child = builder.getRepeatedFieldBuilder(field, random.nextInt(builder.getRepeatedFieldCount(field)));
        } else {
            child = builder.getFieldBuilder(field);
        }
        apply(child, path, at + 1, random);
    }

    private static void setHostile(Message.Builder builder, FieldDescriptor field, Random random) {
        if (!field.isRepeated()) {
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && random.nextBoolean()) {
                builder.clearField(field);
            } else {
                builder.setField(field, value(builder, field, random));
            }
            return;
        }
        builder.clearField(field);
        int[] sizes = {0, 1, 2, 3, 50, 501, 2_000};
        int size = sizes[random.nextInt(sizes.length)];
        for (int i = 0; i < size; i++) {
            // Long lists of short values: the request stays far below gRPC's message size limit.
            builder.addRepeatedField(field, size > 3 && field.getJavaType() == FieldDescriptor.JavaType.STRING
                    ? CRAFTED[random.nextInt(CRAFTED.length)] : value(builder, field, random));
        }
    }

    private static Object value(Message.Builder builder, FieldDescriptor field, Random random) {
        return switch (field.getJavaType()) {
            case INT -> pick(random, 0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE, random.nextInt(), random.nextInt(40) - 5,
                    100_000, 1_000_001);
            case LONG -> pick(random, 0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, random.nextLong(), 253_402_300_800L,
                    -62_135_596_801L, System.currentTimeMillis() / 1000 + random.nextInt(200_000) - 100_000);
            case FLOAT -> pick(random, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, Float.MAX_VALUE,
                    random.nextFloat() * 400 - 200);
            case DOUBLE -> pick(random, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MAX_VALUE,
                    -Double.MAX_VALUE, Double.MIN_VALUE, random.nextDouble() * 400 - 200);
            case BOOLEAN -> random.nextBoolean();
            case STRING -> string(random);
            case BYTE_STRING -> {
                byte[] bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
                yield ByteString.copyFrom(bytes);
            }
            case ENUM -> field.getEnumType().findValueByNumberCreatingIfUnknown(
                    pick(random, -1, 0, 1, 2, 3, 5, 8, 13, 99, Integer.MAX_VALUE, random.nextInt(30)));
            case MESSAGE -> builder.newBuilderForField(field).build();
        };
    }

    /** A crafted hostile string, random characters of any code point, or a long run. */
    static String string(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> CRAFTED[random.nextInt(CRAFTED.length)];
            case 1 -> {
                StringBuilder s = new StringBuilder();
                int length = random.nextInt(40);
                for (int i = 0; i < length; i++) {
                    s.append((char) random.nextInt(Character.MAX_VALUE + 1));
                }
                yield s.toString();
            }
            case 2 -> {
                StringBuilder s = new StringBuilder();
                int length = random.nextInt(20);
                for (int i = 0; i < length; i++) {
                    s.append((char) (0x20 + random.nextInt(0x5f)));
                }
                yield s.toString();
            }
            default -> String.valueOf((char) ('a' + random.nextInt(26))).repeat(pick(random, 101, 256, 501, 1_001, 10_000, 100_000));
        };
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }
}
