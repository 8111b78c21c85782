package org.renfort.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * REST bodies generated from the gateway's own OpenAPI document, each one malformed by
 * construction: a body shaped by the operation's schema (its examples where it gives some)
 * with one rule of the schema broken - a required property left out, a value of another JSON
 * type, a text or list over its maximum, a number out of its bounds - or not the JSON the
 * schema asks for at all (truncated, trailing content, a key twice, nested ten thousand deep,
 * not UTF-8, another media type). Whatever the gateway's code does, the document promises that
 * none of these is accepted.
 */
final class HostileBodies {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** An operation that takes a JSON body. */
    record Operation(String method, String path, JsonNode schema) {
        @Override
        public String toString() {
            return method.toUpperCase() + " " + path;
        }
    }

    /** A request body, how it is malformed, and as what media type it is sent. */
    record Body(Operation operation, String mediaType, byte[] content, String malformation) {
        @Override
        public String toString() {
            String text = new String(content, StandardCharsets.UTF_8);
            return operation + " [" + malformation + "] " + mediaType + ": " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    private final JsonNode document;

    HostileBodies(JsonNode document) {
        this.document = document;
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            JsonNode schema = method.getValue().path("requestBody").path("content").path("application/json").path("schema");
            if (!schema.isMissingNode()) {
                operations.add(new Operation(method.getKey(), path.getKey(), schema));
            }
        }));
        return operations;
    }

    Arbitrary<Body> bodies(List<Operation> operations) {
        return Arbitraries.randomValue(random -> malformed(operations.get(random.nextInt(operations.size())), random));
    }

    Body malformed(Operation operation, Random random) {
        JsonNode valid = sample(operation.schema(), "body");
        return switch (random.nextInt(10)) {
            case 0, 1 -> leaveOutARequiredProperty(operation, valid, random);
            case 2, 3, 4 -> anotherType(operation, valid, random);
            case 5, 6 -> overItsBounds(operation, valid, random);
            case 7, 8 -> notJson(operation, valid, random);
            default -> notAnObject(operation, random);
        };
    }

    /** A schema with its reference followed (an Instant is a string with a date-time format). */
    private JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        String[] parts = ref.asText().substring(2).split("/");
        JsonNode target = document;
        for (String part : parts) {
            target = target.get(part);
        }
        return resolve(target);
    }

    /** A plausible value of a schema: its example, else something of its type. */
    private JsonNode sample(JsonNode schema, String name) {
        JsonNode s = resolve(schema);
        if (s.has("examples") && s.get("examples").size() > 0) {
            return s.get("examples").get(0);
        }
        return switch (s.path("type").asText("object")) {
            case "object" -> {
                ObjectNode object = JSON.objectNode();
                s.path("properties").fields().forEachRemaining(p -> object.set(p.getKey(), sample(p.getValue(), p.getKey())));
                yield object;
            }
            case "array" -> JSON.arrayNode().add(sample(s.path("items"), name));
            case "integer" -> JSON.numberNode(s.has("minimum") ? Math.max(1, s.get("minimum").asInt()) : 1);
            case "number" -> JSON.numberNode(name.toLowerCase().contains("lon") ? 2.88 : 50.69);
            case "boolean" -> JSON.booleanNode(false);
            default -> JSON.textNode("date-time".equals(s.path("format").asText())
                    ? Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString()
                    : name.toLowerCase().endsWith("hospitalid") ? "590000025"
                    : name.toLowerCase().endsWith("id") ? UUID.randomUUID().toString() : "agreed by phone");
        };
    }

    /** Every property of the body at any depth, with the schema it must follow and the object holding it. */
    private record Slot(ObjectNode holder, String name, JsonNode schema) {
    }

    private void slots(JsonNode value, JsonNode schema, List<Slot> into) {
        JsonNode s = resolve(schema);
        if (value instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> properties = s.path("properties").fields();
            while (properties.hasNext()) {
                Map.Entry<String, JsonNode> property = properties.next();
                if (object.has(property.getKey())) {
                    into.add(new Slot(object, property.getKey(), property.getValue()));
                    slots(object.get(property.getKey()), property.getValue(), into);
                }
            }
        } else if (value instanceof ArrayNode array) {
            for (JsonNode element : array) {
                slots(element, s.path("items"), into);
            }
        }
    }

    private Body leaveOutARequiredProperty(Operation operation, JsonNode valid, Random random) {
        List<Slot> required = new ArrayList<>();
        List<Slot> all = new ArrayList<>();
        slots(valid, operation.schema(), all);
        for (Slot slot : all) {
            JsonNode holderSchema = holderSchema(valid, operation.schema(), slot.holder());
            if (holderSchema != null) {
                for (JsonNode name : holderSchema.path("required")) {
                    if (name.asText().equals(slot.name())) {
                        required.add(slot);
                    }
                }
            }
        }
        if (required.isEmpty()) {
            return anotherType(operation, valid, random);
        }
        Slot slot = required.get(random.nextInt(required.size()));
        if (random.nextBoolean()) {
            slot.holder().remove(slot.name());
            return json(operation, valid, "required " + slot.name() + " left out");
        }
        slot.holder().putNull(slot.name());
        return json(operation, valid, "required " + slot.name() + " null");
    }

    /** The schema of the object that holds a property (found by walking the body again). */
    private JsonNode holderSchema(JsonNode value, JsonNode schema, ObjectNode holder) {
        JsonNode s = resolve(schema);
        if (value == holder) {
            return s;
        }
        if (value instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> properties = s.path("properties").fields();
            while (properties.hasNext()) {
                Map.Entry<String, JsonNode> property = properties.next();
                if (object.has(property.getKey())) {
                    JsonNode found = holderSchema(object.get(property.getKey()), property.getValue(), holder);
                    if (found != null) {
                        return found;
                    }
                }
            }
        } else if (value instanceof ArrayNode array) {
            for (JsonNode element : array) {
                JsonNode found = holderSchema(element, s.path("items"), holder);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private Body anotherType(Operation operation, JsonNode valid, Random random) {
        List<Slot> all = new ArrayList<>();
        slots(valid, operation.schema(), all);
        if (all.isEmpty()) {
            // A body whose schema names no property (the SAMU hub's message, checked by its own schema).
            return notAnObject(operation, random);
        }
        Slot slot = all.get(random.nextInt(all.size()));
        JsonNode s = resolve(slot.schema());
        String type = s.path("type").asText("object");
        List<JsonNode> others = new ArrayList<>();
        if (!type.equals("string")) {
            others.add(JSON.textNode("12"));
        }
        // A date-time given as a number reads as epoch seconds in Jackson: not another type to it.
        if (!type.equals("integer") && !type.equals("number") && !"date-time".equals(s.path("format").asText())) {
            others.add(JSON.numberNode(12));
            others.add(JSON.numberNode(12.5));
        }
        if (type.equals("integer")) {
            others.add(JSON.numberNode(12.5));
        }
        if (!type.equals("boolean")) {
            others.add(JSON.booleanNode(true));
        }
        if (!type.equals("object")) {
            others.add(JSON.objectNode().put("value", 12));
        }
        if (!type.equals("array")) {
            others.add(JSON.arrayNode().add(12));
        }
        JsonNode replacement = others.get(random.nextInt(others.size()));
        slot.holder().set(slot.name(), replacement);
        return json(operation, valid, slot.name() + " (" + type + ") given as " + replacement.getNodeType());
    }

    private Body overItsBounds(Operation operation, JsonNode valid, Random random) {
        List<Slot> bounded = new ArrayList<>();
        List<Slot> all = new ArrayList<>();
        slots(valid, operation.schema(), all);
        for (Slot slot : all) {
            JsonNode s = resolve(slot.schema());
            if (s.has("maxLength") || s.has("maxItems") || s.has("maximum") || s.has("minimum")) {
                bounded.add(slot);
            }
        }
        if (bounded.isEmpty()) {
            return anotherType(operation, valid, random);
        }
        Slot slot = bounded.get(random.nextInt(bounded.size()));
        JsonNode s = resolve(slot.schema());
        JsonNode current = slot.holder().get(slot.name());
        int over = 1 + random.nextInt(random.nextBoolean() ? 3 : 5_000);
        if (s.has("maxLength")) {
            slot.holder().put(slot.name(), "9".repeat(s.get("maxLength").asInt() + over));
            return json(operation, valid, slot.name() + " over maxLength by " + over);
        }
        if (s.has("maxItems")) {
            ArrayNode longer = JSON.arrayNode();
            JsonNode element = current.size() > 0 ? current.get(0) : sample(s.path("items"), slot.name());
            for (int i = 0; i < s.get("maxItems").asInt() + over; i++) {
                longer.add(element.deepCopy());
            }
            slot.holder().set(slot.name(), longer);
            return json(operation, valid, slot.name() + " over maxItems by " + over);
        }
        boolean above = s.has("maximum") && (!s.has("minimum") || random.nextBoolean());
        double bound = above ? s.get("maximum").asDouble() : s.get("minimum").asDouble();
        double beyond = above ? bound + over : bound - over;
        slot.holder().set(slot.name(), s.path("type").asText().equals("integer")
                ? JSON.numberNode((long) beyond) : JSON.numberNode(beyond));
        return json(operation, valid, slot.name() + (above ? " above its maximum" : " below its minimum"));
    }

    private Body notJson(Operation operation, JsonNode valid, Random random) {
        String text = valid.toString();
        return switch (random.nextInt(9)) {
            case 0 -> body(operation, "application/json", text.substring(0, random.nextInt(Math.max(1, text.length()))), "truncated");
            case 1 -> body(operation, "application/json", text + " {\"more\":1}", "trailing content");
            case 2 -> body(operation, "application/json", text.replaceFirst("\\{", "{\"" + firstKey(valid) + "\":null,"), "a key twice");
            case 3 -> body(operation, "application/json", "[".repeat(10_000) + "]".repeat(10_000), "nested 10,000 deep");
            case 4 -> new Body(operation, "application/json", new byte[]{'{', '"', (byte) 0xC3, 0x28, '"', ':', '1', '}'}, "not UTF-8");
            case 5 -> body(operation, "application/json", text.replaceFirst(":\\s*\"", ":\"\u0001"), "a raw control character");
            case 6 -> body(operation, "application/json", "", "empty");
            case 7 -> body(operation, "text/plain", text, "sent as text/plain");
            default -> body(operation, "application/xml", "<body/>", "sent as XML");
        };
    }

    private Body notAnObject(Operation operation, Random random) {
        String[] values = {"null", "[]", "\"text\"", "42", "true", "1e999999"};
        String value = values[random.nextInt(values.length)];
        return body(operation, "application/json", value, "the body is " + value);
    }

    private static String firstKey(JsonNode valid) {
        Iterator<String> names = valid.fieldNames();
        return names.hasNext() ? names.next() : "key";
    }

    private static Body json(Operation operation, JsonNode value, String malformation) {
        try {
            return new Body(operation, "application/json", MAPPER.writeValueAsBytes(value), malformation);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Body body(Operation operation, String mediaType, String text, String malformation) {
        return new Body(operation, mediaType, text.getBytes(StandardCharsets.UTF_8), malformation);
    }
}
