package io.aftermath.app.demo;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.mock.env.MockEnvironment;

class DemoRunnerTest {

    private final DemoSeeder seeder = mock(DemoSeeder.class);
    private final MockEnvironment environment = new MockEnvironment();
    private final DemoRunner runner = new DemoRunner(seeder, environment);

    @Test
    void the_demo_option_seeds_the_story() {
        runner.run(new DefaultApplicationArguments("--demo"));

        verify(seeder).seed();
    }

    @Test
    void the_property_seeds_the_story_too() {
        environment.setProperty("aftermath.demo", "true");

        runner.run(new DefaultApplicationArguments());

        verify(seeder).seed();
    }

    @Test
    void without_either_or_with_demo_false_nothing_is_seeded() {
        runner.run(new DefaultApplicationArguments());
        runner.run(new DefaultApplicationArguments("--demo=false"));

        verify(seeder, never()).seed();
    }

    @Test
    void a_failing_demo_does_not_stop_the_node() {
        when(seeder.seed()).thenThrow(new IllegalStateException("refused"));

        runner.run(new DefaultApplicationArguments("--demo"));

        verify(seeder).seed();
    }
}
