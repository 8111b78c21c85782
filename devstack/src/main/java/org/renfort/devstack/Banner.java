package org.renfort.devstack;

import java.util.stream.Collectors;

/** What the run prints once everything is up: where things are and how to get in. */
final class Banner {
    private Banner() {
    }

    static String text(StackConfig c) {
        return """

                ================================ Renfort is running ================================
                 Dashboard            %1$s/dashboard/   (log in as a demo user below)
                 Gateway REST API     %1$s/api/v1/hospitals%7$s
                 OpenAPI UI           %1$s/q/swagger-ui   (document: %1$s/q/openapi)
                 capacity-service     gRPC localhost:%2$s   (renfort.capacity.v1.CapacityService)
                 transfer-service     gRPC localhost:%3$s   (renfort.transfer.v1.TransferService)
                 Keycloak             %4$s/admin   (admin / admin)   realm: %5$s
                 Logs                 %6$s

                 Demo users (password = user name): the dashboard, or the public client renfort-cli:
                   coordinator                      ARS crisis cell, region-wide
                   dispatcher                       SAMU 59 dispatch
                   staff-armentieres, staff-lille, staff-lomme, staff-hazebrouck   hospital staff
                 Hospital systems (client credentials, secret = client id + "-secret"):
                   system-armentieres, system-lille, system-lomme, system-hazebrouck

                 Try it:
                   TOKEN=$(curl -s -d grant_type=password -d client_id=renfort-cli \\
                     -d username=coordinator -d password=coordinator \\
                     %5$s/protocol/openid-connect/token | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')
                   curl -H "Authorization: Bearer $TOKEN" %1$s/api/v1/hospitals/590000017/capacity
                   curl -H "Authorization: Bearer $TOKEN" -H "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)" \
                     -H "Content-Type: application/json" %1$s/api/v1/transfers -d '{"origin":{"hospitalId":"590000017"},
                     "patientReference":"ARM-000001","ageBand":"ADULT","bedCategory":"ADULT_ICU","acuity":"URGENT",
                     "maxTravelMinutes":60}'      # then GET %1$s/api/v1/transfers to follow its offers
                 Ctrl-C stops everything.
                ====================================================================================
                """.formatted(c.gatewayUrl(), ports(c, c.capacityPort()), ports(c, c.transferPort()), c.keycloakUrl(), c.realmUrl(),
                        c.logDir(), c.replicas() == 1 ? "" : "   (every instance: " + String.join(", ", c.gatewayUrls()) + ")");
    }

    private static String ports(StackConfig c, int port) {
        return c.instancePorts(port).stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
