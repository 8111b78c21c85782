package org.renfort.transfer.domain;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The transition table in code and the state diagram in the README are the same machine. */
class TransferTransitionTableTest {
    private static final Pattern EDGE = Pattern.compile("^\\s*(\\[\\*]|[A-Z_]+)\\s*-->\\s*([A-Z_]+)");

    @Test
    void theReadmeDiagramDrawsExactlyTheTransitionTable() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("stateDiagram-v2");
        String diagram = readme.substring(start, readme.indexOf("```", start));
        Set<String> drawn = new TreeSet<>();
        for (String line : diagram.split("\n")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.find()) {
                drawn.add(edge.group(1) + " -> " + edge.group(2));
            }
        }
        Set<String> table = new TreeSet<>();
        for (TransferTransition move : TransferTransition.values()) {
            if (move.from().isEmpty()) {
                table.add("[*] -> " + move.to(null));
            }
            move.from().forEach(from -> table.add(from + " -> " + move.to(from)));
        }
        assertFalse(drawn.isEmpty(), "no state diagram found in README.md");
        assertEquals(table, drawn);
    }
}
