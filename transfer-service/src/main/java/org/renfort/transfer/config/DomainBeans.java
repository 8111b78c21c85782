package org.renfort.transfer.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

@ApplicationScoped
public class DomainBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
