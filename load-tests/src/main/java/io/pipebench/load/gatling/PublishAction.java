package io.pipebench.load.gatling;

import com.typesafe.scalalogging.Logger;
import com.typesafe.scalalogging.StrictLogging;
import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.commons.stats.Status;
import io.gatling.commons.util.Clock;
import io.gatling.core.CoreComponents;
import io.gatling.core.action.Action;
import io.gatling.core.action.BlockExit;
import io.gatling.core.session.Session;
import io.gatling.core.stats.StatsEngine;
import io.pipebench.load.driver.Message;
import io.pipebench.load.driver.Publisher;
import io.pipebench.load.driver.RunTag;
import io.pipebench.load.measure.CpuSampling;
import io.pipebench.metrics.ThreadCpu;
import scala.Option;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * Sends the publisher's next message per visit and reports it to Gatling as a request: start when {@code sendAsync} is
 * called, end when the broker acknowledges; OK, or KO with the exception's class and text. It behaves like Gatling's own request
 * actions (which Java cannot extend, their traits use {@code abstract override}): it leaves a block at once when
 * {@code exitBlockOnFail}/{@code tryMax} say so, marks the session failed on KO so {@code tryMax} retries, adds the
 * response time to the enclosing groups, and hands the session back to its own event loop before going on, because
 * the acknowledgement arrives on the producer's I/O thread.
 */
final class PublishAction implements Action {

    private final String requestName;
    private final boolean perTopic;
    private final PublishComponents components;
    private final StatsEngine statsEngine;
    private final Clock clock;
    private final Action next;
    private Logger logger;

    PublishAction(String requestName, boolean perTopic, PublishComponents components, CoreComponents core,
                  Action next) {
        this.requestName = requestName;
        this.perTopic = perTopic;
        this.components = components;
        this.statsEngine = core.statsEngine();
        this.clock = core.clock();
        this.next = next;
        StrictLogging.$init$(this);
    }

    @Override
    public String name() {
        return requestName;
    }

    /** Gatling's ExitableAction and ChainableAction, by hand: leave a failed block, never lose the session. */
    @Override
    public void $bang(Session session) {
        Option<BlockExit> exit = BlockExit.mustExit(session);
        if (exit.isDefined()) {
            exit.get().exitBlock(statsEngine, clock.nowMillis());
            return;
        }
        try {
            Action.super.$bang(session);
        } catch (RuntimeException e) {
            logger.underlying().error("'{}' crashed, forwarding to the next action: {}", requestName, e.toString());
            next.$bang(session.markAsFailed());
        }
    }

    @Override
    public void execute(Session session) {
        send(session, components.publisher());
    }

    private <P> void send(Session session, Publisher<P> publisher) {
        Message<P> message;
        try {
            message = publisher.next();
        } catch (RuntimeException e) {
            // No message exists: a crash in Gatling's terms (the scenario's data, not the system, failed).
            statsEngine.logRequestCrash(session.scenario(), session.groups(), requestName, failureMessage(e));
            next.$bang(session.markAsFailed());
            return;
        }
        String topic = message.destination();
        String request = perTopic ? requestName + " " + topic : requestName;
        long sequence = components.nextSequence();
        long startMillis = clock.nowMillis();
        long sendNanos = System.nanoTime();
        long intendedNanos = components.schedule().intendedNanos(sequence, sendNanos);
        components.listener().onSend(sequence, intendedNanos, sendNanos);
        CompletableFuture<Void> sent;
        Map<String, byte[]> headers = Map.of(RunTag.NAME, RunTag.value(components.runKey(), sequence));
        // The CPU clock is a system call of about a microsecond: from 2,000 sends/s only a sample is timed
        // (CpuSampling), -1 (unmeasured) for the others.
        long cpu0 = CpuSampling.timed(sequence, components.cpuSampleEvery()) ? ThreadCpu.nanos() : -1;
        try {
            sent = publisher.sendAsync(message.key(), message.payload(), headers);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e); // refused at once: a failed send like any other
        }
        long cpuNanos = ThreadCpu.since(cpu0); // the publisher's own CPU for this record; -1 when not sampled
        sent.whenComplete((result, error) -> {
            long ackNanos = System.nanoTime();
            long endMillis = clock.nowMillis();
            Throwable cause = unwrap(error);
            components.listener().onComplete(sequence, intendedNanos, sendNanos, ackNanos, topic, cause);
            try {
                session.eventLoop().execute(() -> done(session, request, startMillis, endMillis, cause));
            } catch (RejectedExecutionException shutDown) {
                // Gatling stopped (stopLoadGenerator, maxDuration): nobody is waiting for this user.
            }
        });
        components.listener().onSendCall(sequence, intendedNanos, System.nanoTime() - sendNanos, cpuNanos);
    }

    private void done(Session session, String request, long startMillis, long endMillis, Throwable error) {
        Status status = error == null ? OK$.MODULE$ : KO$.MODULE$;
        Option<String> message = error == null ? Option.empty() : Option.apply(failureMessage(error));
        statsEngine.logResponse(session.scenario(), session.groups(), request, startMillis, endMillis, status,
                Option.empty(), message);
        Session after = session.logGroupRequestTimings(startMillis, endMillis);
        next.$bang(error == null ? after : after.markAsFailed());
    }

    /** The KO message: the client's exception class and text, e.g. {@code ...RecordTooLargeException: The message is...}. */
    static String failureMessage(Throwable error) {
        Throwable cause = unwrap(error);
        String text = cause.getMessage();
        return cause.getClass().getName() + (text == null || text.isBlank() ? "" : ": " + text);
    }

    // A dependent future wraps the driver's exception in a CompletionException.
    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public Logger logger() {
        return logger;
    }

    @Override
    public void com$typesafe$scalalogging$StrictLogging$_setter_$logger_$eq(Logger value) {
        this.logger = value;
    }
}
