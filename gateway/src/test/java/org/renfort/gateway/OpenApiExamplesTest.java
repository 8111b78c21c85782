package org.renfort.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every endpoint of the published document renders with a complete sample: each field of each
 * schema and each parameter carries an example (a new field without one fails here, naming it).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class OpenApiExamplesTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyFieldAndEveryParameterHasAnExample() {
        JsonPath document = given().when().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        List<String> missing = new ArrayList<>();
        Map<String, Map<String, Object>> schemas = document.getMap("components.schemas");
        schemas.forEach((name, schema) -> {
            Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) schema.get("properties");
            if (properties != null) {
                properties.forEach((property, field) -> {
                    boolean described = field.containsKey("$ref") || "array".equals(field.get("type"))
                            || field.containsKey("examples") || field.containsKey("example");
                    if (!described) {
                        missing.add("schema " + name + "." + property);
                    }
                });
            }
        });
        Map<String, Map<String, Object>> paths = document.getMap("paths");
        int parameters = 0;
        for (var path : paths.entrySet()) {
            for (var operation : path.getValue().entrySet()) {
                List<Map<String, Object>> declared = (List<Map<String, Object>>) ((Map<String, Object>) operation.getValue()).get("parameters");
                for (Map<String, Object> parameter : declared == null ? List.<Map<String, Object>>of() : declared) {
                    parameters++;
                    Map<String, Object> schema = (Map<String, Object>) parameter.getOrDefault("schema", Map.of());
                    if (!parameter.containsKey("example") && !parameter.containsKey("examples")
                            && !schema.containsKey("examples") && !schema.containsKey("example")) {
                        missing.add(operation.getKey() + " " + path.getKey() + " parameter " + parameter.get("name"));
                    }
                }
            }
        }
        assertTrue(parameters > 50, "the document lists the API's parameters: " + parameters);
        assertEquals(List.of(), missing);
    }
}
