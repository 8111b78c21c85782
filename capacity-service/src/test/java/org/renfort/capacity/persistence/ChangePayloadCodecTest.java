package org.renfort.capacity.persistence;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.renfort.capacity.domain.RegionChange;
import org.renfort.kernel.BedCategory;
import org.renfort.localpg.PostgresTestResource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A holds change written by SQL (the take's own statement) reads back as one the codec wrote. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "renfort_capacity"))
class ChangePayloadCodecTest {
    @Inject
    Pool pool;

    @Test
    void aHoldsChangeEncodedBySqlDecodesLikeOneEncodedInJava() {
        ChangePayloadCodec codec = new ChangePayloadCodec();
        String bySql = pool.preparedQuery("select " + ChangePayloadCodec.holdsChangedSql("cast($1 as text)", "$2::int"))
                .execute(Tuple.of("INTERMEDIATE_CARE", 7)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString(0);
        RegionChange.HoldsChanged expected = new RegionChange.HoldsChanged(BedCategory.INTERMEDIATE_CARE, 7);
        assertEquals(expected, codec.decodeHolds(bySql));
        assertEquals(expected, codec.decodeHolds(codec.encode(expected)));
    }
}
