package org.renfort.testsupport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An authorisation table written as text - one row per operation, one column per principal,
 * each cell {@code allow} or {@code deny} - so that a service's whole access policy reads as
 * one table and every cell becomes a test case.
 */
public final class AccessMatrix {
    public record Cell(String operation, String principal, boolean allowed) {
        @Override
        public String toString() {
            return operation + " by " + principal + " -> " + (allowed ? "allow" : "deny");
        }
    }

    private AccessMatrix() {
    }

    /**
     * The principals every service's table has a column for: each role, hospital principals of
     * the hospital concerned ("own") and of another, one without a hospital_id claim, and a
     * role Renfort does not know.
     */
    public static java.util.Map<String, String> principals(String ownHospital, String otherHospital) {
        return java.util.Map.of(
                "coordinator", TestTokens.user("coordinator", "coordinator"),
                "staff-own", TestTokens.hospital("staff-own", "hospital-staff", ownHospital),
                "staff-other", TestTokens.hospital("staff-other", "hospital-staff", otherHospital),
                "system-own", TestTokens.hospital("system-own", "hospital-system", ownHospital),
                "system-other", TestTokens.hospital("system-other", "hospital-system", otherHospital),
                "staff-no-claim", TestTokens.user("staff-no-claim", "hospital-staff"),
                // The dispatch centre of the own hospital's department (SAMU59 for a FINESS 59...).
                "dispatcher", TestTokens.dispatcher("dispatcher", "SAMU" + ownHospital.substring(0, 2)),
                "service", TestTokens.user("service-account-transfer-service", "service"),
                "unknown-role", TestTokens.user("intruder", "admin"));
    }

    /** Runs a cell's call with the principal's token: it must pass when allowed, else be PERMISSION_DENIED. */
    public static void verifyGrpc(Cell cell, String token, java.util.function.Consumer<String> call) {
        if (cell.allowed()) {
            call.accept(token);
            return;
        }
        io.grpc.StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.grpc.StatusRuntimeException.class, () -> call.accept(token));
        org.junit.jupiter.api.Assertions.assertEquals(io.grpc.Status.Code.PERMISSION_DENIED, e.getStatus().getCode(),
                () -> "description: " + e.getStatus().getDescription());
    }

    public static List<Cell> parse(String table) {
        List<String> lines = table.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String[] principals = Arrays.copyOfRange(lines.get(0).split("\\s+"), 1, lines.get(0).split("\\s+").length);
        List<Cell> cells = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split("\\s+");
            if (cols.length != principals.length + 1) {
                throw new IllegalArgumentException("row '" + cols[0] + "' has " + (cols.length - 1) + " cells for "
                        + principals.length + " principals");
            }
            for (int i = 0; i < principals.length; i++) {
                String cell = cols[i + 1];
                if (!cell.equals("allow") && !cell.equals("deny")) {
                    throw new IllegalArgumentException("cell must be allow or deny, got " + cell);
                }
                cells.add(new Cell(cols[0], principals[i], cell.equals("allow")));
            }
        }
        return cells;
    }
}
