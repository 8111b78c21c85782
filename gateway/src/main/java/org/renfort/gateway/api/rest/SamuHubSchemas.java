package org.renfort.gateway.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SAMU hub's JSON schemas (RS-DR and RS-RR, version 26.07.29), copied byte for byte from the
 * hub's model repository into {@code hubsante/} (a test checks them against
 * {@code ../shared/standards/hubsante}). Every RS-DR is checked before it is read, every RS-RR
 * before it leaves.
 */
@ApplicationScoped
public class SamuHubSchemas {
    private static final int ERRORS_SHOWN = 5;
    private final Schema request = load("hubsante/RS-DR.schema.json");
    private final Schema response = load("hubsante/RS-RR.schema.json");

    /**
     * The message inside {@code {"resourcesRequest": {...}}}, if it is a valid RS-DR; otherwise
     * InvalidInput naming each broken rule by the instance path and the schema path.
     */
    JsonNode resourceRequest(JsonNode body) {
        if (body == null || !body.isObject() || body.size() != 1 || !body.has(SamuHubMessages.REQUEST)) {
            throw new InvalidInput("body", "must be one RS-DR message: {\"" + SamuHubMessages.REQUEST + "\": {...}}");
        }
        JsonNode message = body.get(SamuHubMessages.REQUEST);
        List<Error> errors = request.validate(message);
        if (!errors.isEmpty()) {
            throw new InvalidInput(SamuHubMessages.REQUEST, "not a valid RS-DR (hub schema 26.07.29): " + describe(SamuHubMessages.REQUEST, errors));
        }
        return message;
    }

    /** An RS-RR about to leave: a message that breaks the schema is the gateway's own fault. */
    JsonNode checkedResponse(JsonNode wrapped) {
        List<Error> errors = response.validate(wrapped.get(SamuHubMessages.RESPONSE));
        if (!errors.isEmpty()) {
            throw new IllegalStateException("an RS-RR broke its schema: " + describe(SamuHubMessages.RESPONSE, errors));
        }
        return wrapped;
    }

    /** "/resourcesRequest/request/purpose: ... (schema #/definitions/request/properties/purpose/enum)"; no value quoted. */
    private static String describe(String root, List<Error> errors) {
        return errors.stream().limit(ERRORS_SHOWN)
                .map(e -> "/" + root + e.getInstanceLocation() + ": " + e.getMessage()
                        + " (schema #" + e.getSchemaLocation().getFragment() + ")")
                .collect(Collectors.joining("; "));
    }

    private static Schema load(String resource) {
        // One registry per schema: both declare the same $id.
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
        try (InputStream in = SamuHubSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the gateway's jar");
            }
            return registry.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
