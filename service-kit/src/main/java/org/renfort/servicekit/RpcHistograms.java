package org.renfort.servicekit;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The durations of gRPC calls, served and made (Quarkus' Micrometer binder:
 * {@code grpc_server_processing_duration_seconds}, {@code grpc_client_processing_duration_seconds}
 * per method and status), published with histogram buckets: a mean and a maximum do not show a
 * tail, and the benchmarks read the buckets before and after each phase of their load to get
 * that phase's percentiles on each side of a call.
 */
@Singleton
public class RpcHistograms {
    static final String SERVER = "grpc.server.processing.duration";
    static final String CLIENT = "grpc.client.processing.duration";

    @Produces
    @Singleton
    MeterFilter rpcDurationHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(SERVER) && !id.getName().equals(CLIENT)) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentilesHistogram(true)
                        .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                        .maximumExpectedValue((double) Duration.ofSeconds(30).toNanos())
                        .build().merge(config);
            }
        };
    }
}
