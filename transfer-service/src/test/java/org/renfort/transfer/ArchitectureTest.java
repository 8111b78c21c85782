package org.renfort.transfer;

import org.junit.jupiter.api.Test;
import org.renfort.testsupport.LayeringRules;

/** Keeps the domain free of frameworks and protobuf behind the gRPC adapters. */
class ArchitectureTest {

    @Test
    void layersPointInwards() {
        LayeringRules.check("org.renfort.transfer");
    }
}
