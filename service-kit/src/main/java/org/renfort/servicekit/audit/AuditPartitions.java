package org.renfort.servicekit.audit;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Keeps the audit trail's monthly partitions ready ahead of time: this month and the next two,
 * at start and every day (db/audit/R__audit_partitions.sql). The service's role cannot create
 * tables; the function it calls runs as the schema's owner and creates only those. Should it
 * not run for months, entries still land safely in the default partition.
 */
@ApplicationScoped
public class AuditPartitions {
    private static final Logger LOG = Logger.getLogger(AuditPartitions.class);
    static final int MONTHS_AHEAD = 2;

    private final Pool pool;

    AuditPartitions(Pool pool) {
        this.pool = pool;
    }

    void atStart(@Observes StartupEvent event) {
        prepare().subscribe().with(months -> { }, failure -> { });
    }

    @Scheduled(every = "24h", delayed = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        return prepare().replaceWithVoid();
    }

    /** Months with a partition of their own, from this one on; failures are logged, never thrown. */
    public Uni<Integer> prepare() {
        return pool.query("select audit_prepare_months(" + MONTHS_AHEAD + ") as months").execute()
                .map(rows -> rows.iterator().next().getInteger("months"))
                .onFailure().invoke(failure -> LOG.warnf("audit partitions for the coming months not prepared "
                        + "(entries go to the default partition until the next try): %s", failure.getMessage()))
                .onFailure().recoverWithItem(0);
    }
}
