package org.renfort.contractrules;

import build.buf.protovalidate.Config;
import build.buf.protovalidate.ValidationResult;
import build.buf.protovalidate.Validator;
import build.buf.protovalidate.ValidatorFactory;
import build.buf.protovalidate.exceptions.ValidationException;
import build.buf.validate.FieldPathElement;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The field rules declared in the .proto files (protovalidate: sizes, encodings, ranges),
 * checked on a whole message. The services check every incoming request with it, the gateway
 * every outgoing one: the limits are declared once, in the contract.
 */
public final class RequestRules {
    /** The generated holder of Renfort's predefined rules (renfort/common/v1/rules.proto). */
    static final String PREDEFINED_RULES = "org.renfort.proto.common.v1.Rules";
    private static final int MAX_REPORTED = 3;
    private static final long MIN_SECONDS = -62_135_596_800L;
    private static final long MAX_SECONDS = 253_402_300_799L;
    static final String TIMESTAMP_RANGE = "must be between 2000-01-01T00:00:00Z and one year from now";

    private final Validator validator;

    public RequestRules() {
        validator = ValidatorFactory.newBuilder().withConfig(Config.newBuilder()
                .setExtensionRegistry(predefinedRules()).setEnableNativeRules(true).build()).build();
    }

    /** Why the message breaks its contract, naming each field, or empty when it does not. */
    public Optional<String> violations(Message message) {
        ValidationResult result;
        try {
            result = validator.validate(message);
        } catch (ValidationException | RuntimeException e) {
            // A timestamp no calendar can represent (seconds near the int64 limits) makes the
            // evaluator throw: that is the message's fault. Anything else is ours.
            Optional<String> unrepresentable = unrepresentableTimestamp(message, "");
            if (unrepresentable.isEmpty()) {
                throw new IllegalStateException("the field rules of " + message.getDescriptorForType().getFullName()
                        + " could not be evaluated", e);
            }
            return Optional.of(unrepresentable.get() + ": " + TIMESTAMP_RANGE);
        }
        if (result.isSuccess()) {
            return Optional.empty();
        }
        return Optional.of(result.getViolations().stream().limit(MAX_REPORTED)
                .map(v -> path(v.toProto()) + ": " + v.toProto().getMessage())
                .collect(Collectors.joining("; ")));
    }

    /** The path of the first timestamp outside 0001-01-01..9999-12-31, the range protobuf defines. */
    private static Optional<String> unrepresentableTimestamp(Message message, String prefix) {
        if (message instanceof Timestamp t) {
            boolean valid = t.getSeconds() >= MIN_SECONDS && t.getSeconds() <= MAX_SECONDS
                    && t.getNanos() >= 0 && t.getNanos() <= 999_999_999;
            return valid ? Optional.empty() : Optional.of(prefix.isEmpty() ? "request" : prefix);
        }
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            String name = prefix.isEmpty() ? field.getKey().getName() : prefix + "." + field.getKey().getName();
            List<?> values = field.getKey().isRepeated() ? (List<?>) field.getValue() : List.of(field.getValue());
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) instanceof Message nested) {
                    Optional<String> found = unrepresentableTimestamp(nested, field.getKey().isRepeated() ? name + "[" + i + "]" : name);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String path(build.buf.validate.Violation violation) {
        StringBuilder path = new StringBuilder();
        for (FieldPathElement element : violation.getField().getElementsList()) {
            if (!path.isEmpty()) {
                path.append('.');
            }
            path.append(element.getFieldName());
            if (element.hasIndex()) {
                path.append('[').append(element.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "request" : path.toString();
    }

    private static ExtensionRegistry predefinedRules() {
        ExtensionRegistry registry = ExtensionRegistry.newInstance();
        try {
            Class.forName(PREDEFINED_RULES).getMethod("registerAllExtensions", ExtensionRegistry.class)
                    .invoke(null, registry);
        } catch (ReflectiveOperationException e) {
            // Without them the predefined rules would be silently skipped: refuse to start instead.
            throw new IllegalStateException("the generated " + PREDEFINED_RULES + " is missing: generate "
                    + "renfort/common/v1/rules.proto with the service's stubs", e);
        }
        return registry;
    }
}
