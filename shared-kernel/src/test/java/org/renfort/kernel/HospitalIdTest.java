package org.renfort.kernel;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HospitalIdTest {

    @Test
    void finessNumbersAreNineCharactersWithADepartmentPrefix() {
        assertEquals("59", new HospitalId("590000017").departmentPrefix());
        assertEquals("2A", new HospitalId("2A0000001").departmentPrefix());
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> new HospitalId("59000001"));
        assertEquals("hospital_id", e.field());
        assertThrows(InvalidArgumentException.class, () -> new HospitalId("5900000AB"));
        assertThrows(InvalidArgumentException.class, () -> new HospitalId(null));
    }

    @Test
    void parseNamesTheFieldItWasGiven() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> HospitalId.parse("origin.hospital_id", "ARM"));
        assertEquals("origin.hospital_id", e.field());
        assertTrue(e.getMessage().startsWith("origin.hospital_id: must be a FINESS number"), e.getMessage());
    }

    @Test
    void aHospitalPrincipalWithoutClaimIsDeniedWithAReason() {
        Caller staff = new Caller("staff", Set.of(Role.HOSPITAL_STAFF), Optional.empty(), "req-1");
        PermissionDeniedException e = assertThrows(PermissionDeniedException.class, staff::ownHospital);
        assertTrue(e.getMessage().contains("hospital_id claim"));
    }

    @Test
    void unknownRolesGrantNothing() {
        assertTrue(Role.fromClaim("admin").isEmpty());
        assertEquals(Optional.of(Role.DISPATCHER), Role.fromClaim("dispatcher"));
    }

    @Test
    void idempotencyKeysAreBoundedAndPlain() {
        new IdempotencyKey("0b7c6f0e-8c1e-4a3f-9d0c-1f1e2d3c4b5a");
        assertThrows(InvalidArgumentException.class, () -> new IdempotencyKey("short"));
        assertThrows(InvalidArgumentException.class, () -> new IdempotencyKey("has spaces in it"));
    }
}
