package io.pipebench.workload;

import io.pipebench.events.EventIds;
import io.pipebench.events.EventTypeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The loader refuses a bad workload file with the field and the fix; the built-in workloads load. */
class WorkloadLoaderTest {

    private static final String GOOD = """
            name: t
            warmup: 5s
            duration: 1m
            rate: {shape: steady, eventsPerSecond: 100}
            mix:
              contexts: {order: 100, payment: 50}
              types:
                order: {OrderCreated: 1, OrderSubmitted: 1}
            consumers: [audit]
            thresholds: {lostRecords: 0}
            """;

    private final WorkloadLoader loader = new WorkloadLoader(EventTypeRegistry.standard());

    @Test
    void builtInWorkloadsLoad() {
        for (String name : WorkloadLoader.builtIns()) {
            Workload w = loader.load(name);
            assertThat(w.name()).isEqualTo(name);
            assertThat(w.duration()).isPositive();
        }
        Workload steady = loader.load("steady");
        assertThat(steady.rate().peakRate()).isEqualTo(500);
        assertThat(steady.eventMix(EventTypeRegistry.standard()).contextShares().values().stream()
                .mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void aGoodFileLoads() {
        Workload w = parse(GOOD);
        assertThat(w.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(w.consumerGroups()).containsExactly("audit");
        assertThat(w.thresholds()).containsEntry("lostRecords", 0.0);
        assertThat(w.eventIds()).as("the design document's ids unless asked").isEqualTo(EventIds.RANDOM);
        assertThat(parse(GOOD + "eventIds: random\n").eventIds()).isEqualTo(EventIds.RANDOM);
        Workload ordered = parse(GOOD + "eventIds: time-ordered\n");
        assertThat(ordered.eventIds()).isEqualTo(EventIds.TIME_ORDERED);
        assertThat(ordered.withSeed(9).with(ordered.rate(), ordered.warmup(), ordered.duration())
                .withProducer("tuned", java.util.Map.of()).eventIds()).isEqualTo(EventIds.TIME_ORDERED);
    }

    @Test
    void builtInWorkloadsKeepRandomEventIds() {
        for (String name : WorkloadLoader.builtIns()) {
            assertThat(loader.load(name).eventIds()).as(name).isEqualTo(EventIds.RANDOM);
        }
    }

    /** The committed ordered-ids capacity file is max-rate-tuned.yaml with time-ordered ids and nothing else. */
    @Test
    void theOrderedIdsCapacityFileDiffersFromItsOriginalOnlyInEventIds() {
        Path dir = Path.of("..", "results", "capacity");
        Workload original = loader.load(dir.resolve("max-rate-tuned.yaml").toString());
        Workload ordered = loader.load(dir.resolve("max-rate-tuned-ordered-ids.yaml").toString());
        assertThat(original.eventIds()).isEqualTo(EventIds.RANDOM);
        assertThat(ordered.eventIds()).isEqualTo(EventIds.TIME_ORDERED);
        assertThat(ordered).usingRecursiveComparison().ignoringFields("name", "description", "source", "eventIds")
                .isEqualTo(original);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown field        | 'name: t'                                     | 'nmae: t'                                          | unknown field 'nmae'
            missing name         | 'name: t'                                     | 'description: x'                                   | field 'name' is missing
            missing duration     | 'duration: 1m'                                | 'description: x'                                   | field 'duration' is missing
            bad duration         | 'duration: 1m'                                | 'duration: one minute'                             | field 'duration' is 'one minute', not a duration
            negative duration    | 'warmup: 5s'                                  | 'warmup: PT-5S'                                    | field 'warmup' is 'PT-5S', a negative duration
            zero duration        | 'duration: 1m'                                | 'duration: 0s'                                     | field 'duration' must be longer than 0
            unknown shape        | 'rate: {shape: steady, eventsPerSecond: 100}' | 'rate: {shape: wave, eventsPerSecond: 100}'        | use steady, ramp, step or spike
            zero rate            | 'rate: {shape: steady, eventsPerSecond: 100}' | 'rate: {shape: steady, eventsPerSecond: 0}'        | field 'rate.eventsPerSecond' must be > 0
            ramp without over    | 'rate: {shape: steady, eventsPerSecond: 100}' | 'rate: {shape: ramp, from: 1, to: 2}'              | field 'rate.over' is missing
            ramp over zero       | 'rate: {shape: steady, eventsPerSecond: 100}' | 'rate: {shape: ramp, from: 1, to: 2, over: 0s}'    | field 'rate.over' must be longer than 0
            first step late      | 'rate: {shape: steady, eventsPerSecond: 100}' | 'rate: {shape: step, steps: [{after: 5s, eventsPerSecond: 1}]}' | field 'rate.steps[1].after' must be 0s
            steps out of order   | 'rate: {shape: steady, eventsPerSecond: 100}' | 'rate: {shape: step, steps: [{after: 0s, eventsPerSecond: 1}, {after: 0s, eventsPerSecond: 2}]}' | field 'rate.steps[2].after' must come after
            spike of no length   | 'rate: {shape: steady, eventsPerSecond: 100}' | 'rate: {shape: spike, base: 1, peak: 9, at: 5s, length: 0s}' | field 'rate.length' must be longer than 0
            unknown context      | 'contexts: {order: 100, payment: 50}'         | 'contexts: {orders: 100}'                          | field 'mix.contexts.orders' is not a context
            all contexts zero    | 'contexts: {order: 100, payment: 50}'         | 'contexts: {order: 0}'                             | field 'mix.contexts' all weights are 0
            type elsewhere       | 'order: {OrderCreated: 1, OrderSubmitted: 1}' | 'order: {PaymentCreated: 1}'                       | belongs to the payment context
            unknown type         | 'order: {OrderCreated: 1, OrderSubmitted: 1}' | 'order: {OrderMade: 1}'                            | field 'mix.types.order.OrderMade' is not an event type
            types all zero       | 'order: {OrderCreated: 1, OrderSubmitted: 1}' | 'order: {OrderCreated: 0}'                         | field 'mix.types.order' gives every type weight 0
            unknown group        | 'consumers: [audit]'                          | 'consumers: [billing]'                             | field 'consumers' names 'billing'
            unknown threshold    | 'thresholds: {lostRecords: 0}'                | 'thresholds: {lost: 0}'                            | field 'thresholds.lost' is not a known threshold
            negative threshold   | 'thresholds: {lostRecords: 0}'                | 'thresholds: {lostRecords: -1}'                    | field 'thresholds.lostRecords' must be a number >= 0
            unknown profile      | 'consumers: [audit]'                          | 'producer: {profile: fast}'                        | field 'producer.profile' is 'fast'; use one of [seed, tuned]
            unknown override     | 'consumers: [audit]'                          | 'producer: {overrides: {lingerms: 5}}'             | Unknown producer property 'lingerms'
            aggregates range     | 'consumers: [audit]'                          | 'keys: {aggregatesPerContext: 0}'                  | field 'keys.aggregatesPerContext' must be between 1 and 1000000
            distribution typo    | 'consumers: [audit]'                          | 'keys: {distribution: zipf}'                       | field 'keys.distribution' is 'zipf'; use uniform or zipfian
            event ids typo       | 'consumers: [audit]'                          | 'eventIds: sequential'                             | field 'eventIds' is 'sequential'; use random or time-ordered
            event ids spelling   | 'consumers: [audit]'                          | 'eventIds: TIME_ORDERED'                           | field 'eventIds' is 'TIME_ORDERED'; use random or time-ordered
            """)
    void aBadFieldIsRefusedWithItsNameAndTheFix(String what, String replace, String with, String message) {
        String yaml = GOOD.replace(replace, with);
        assertThat(yaml).as("the case changes the file").isNotEqualTo(GOOD);
        assertThatThrownBy(() -> parse(yaml)).as(what).isInstanceOf(InvalidWorkloadException.class)
                .hasMessageContaining(message).hasMessageContaining("test file");
    }

    /** Hostile or careless files (issue 14, item 8): a clear error naming the field, never a NullPointerException. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            null name            | 'name: t'                                     | 'name: ~'                                          | name
            empty name           | 'name: t'                                     | 'name: '                                           | name
            null duration        | 'duration: 1m'                                | 'duration: ~'                                      | duration
            empty duration       | 'duration: 1m'                                | 'duration: ""'                                     | duration
            absurd duration      | 'duration: 1m'                                | 'duration: 999999999999999999d'                    | duration
            years of duration    | 'duration: 1m'                                | 'duration: 36500d'                                 | duration
            null rate            | 'rate: {shape: steady, eventsPerSecond: 100}' | 'rate: ~'                                          | rate
            null events/s        | 'rate: {shape: steady, eventsPerSecond: 100}' | 'rate: {shape: steady, eventsPerSecond: ~}'        | rate.eventsPerSecond
            absurd events/s      | 'rate: {shape: steady, eventsPerSecond: 100}' | 'rate: {shape: steady, eventsPerSecond: 1e15}'     | rate.eventsPerSecond
            null step            | 'rate: {shape: steady, eventsPerSecond: 100}' | 'rate: {shape: step, steps: [~]}'                  | rate.steps
            null context weight  | 'contexts: {order: 100, payment: 50}'         | 'contexts: {order: ~}'                             | mix.contexts.order
            null type weight     | 'order: {OrderCreated: 1, OrderSubmitted: 1}' | 'order: {OrderCreated: ~}'                         | mix.types.order.OrderCreated
            null consumer        | 'consumers: [audit]'                          | 'consumers: [~]'                                   | consumers
            null threshold       | 'thresholds: {lostRecords: 0}'                | 'thresholds: {lostRecords: ~}'                     | thresholds.lostRecords
            null event ids       | 'consumers: [audit]'                          | 'eventIds: ~'                                      | eventIds
            """)
    void aNullEmptyOrAbsurdValueIsRefusedNamingTheField(String what, String replace, String with, String field) {
        String yaml = GOOD.replace(replace, with);
        assertThat(yaml).as("the case changes the file").isNotEqualTo(GOOD);
        assertThatThrownBy(() -> parse(yaml)).as(what).isInstanceOf(InvalidWorkloadException.class)
                .hasMessageContaining(field).hasMessageContaining("test file");
    }

    @Test
    void aMissingFileOrNameSaysWhichBuiltInsExist() {
        assertThatThrownBy(() -> loader.load("no-such-workload")).isInstanceOf(InvalidWorkloadException.class)
                .hasMessageContaining("built-in ones are [steady, peak, max-rate, soak, broker-failure, smoke]");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> parse("name: t: u")).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> parse("name: [t]")).hasMessageContaining("bad value at name");
    }

    private Workload parse(String yaml) {
        return loader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test file");
    }
}
