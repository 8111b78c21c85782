package org.renfort.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Assumptions;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The public standard schemas kept beside the repository ({@code ../shared/standards}, read-only,
 * never copied in): found from the system property {@code renfort.standards} or by walking up
 * from the working directory. Where a machine has no copy, the conformance tests say so and skip.
 */
public final class Standards {
    private Standards() {
    }

    public static Optional<Path> find(String file) {
        String configured = System.getProperty("renfort.standards");
        if (configured != null) {
            return Optional.of(Path.of(configured, file)).filter(Files::isRegularFile);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("standards").resolve(file);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Validates a JSON message against a JSON schema of the standards folder (draft-07, the SAMU
     * hub's) and returns it parsed; skips the test where there is none.
     */
    public static JsonNode validJson(String schemaFile, String message) throws IOException {
        Path schema = find(schemaFile).orElse(null);
        Assumptions.assumeTrue(schema != null, "no ../shared/standards/" + schemaFile + " on this machine: conformance not checked");
        JsonNode node = new ObjectMapper().readTree(message);
        List<com.networknt.schema.Error> errors;
        try (InputStream in = Files.newInputStream(schema)) {
            errors = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in).validate(node);
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("not valid against " + schemaFile + ": " + errors + "\n" + message);
        }
        return node;
    }

    /** Validates an XML document against a schema of the standards folder; skips the test where there is none. */
    public static Document validXml(String schemaFile, String document) throws Exception {
        Path schema = find(schemaFile).orElse(null);
        Assumptions.assumeTrue(schema != null, "no ../shared/standards/" + schemaFile + " on this machine: conformance not checked");
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        // Offline: every import of the set is a local file; nothing is fetched.
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
        try {
            factory.newSchema(schema.toFile()).newValidator().validate(new StreamSource(new StringReader(document)));
        } catch (SAXException invalid) {
            throw new AssertionError("not valid against " + schemaFile + ": " + invalid.getMessage() + "\n" + document, invalid);
        }
        DocumentBuilderFactory parser = DocumentBuilderFactory.newInstance();
        parser.setNamespaceAware(true);
        return parser.newDocumentBuilder().parse(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)));
    }
}
