package io.aftermath.app.demo;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
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

    /** The start's early check binds the option too: a bare {@code --demo}, as the README runs it, must pass it. */
    @Test
    void the_early_check_takes_the_option_bare_or_with_a_boolean_and_refuses_anything_else() {
        for (String taken : new String[] {"--demo", "--demo=true", "--demo=FALSE", "--aftermath.demo=true"}) {
            assertThatCode(() -> DemoRunner.refuseUnreadable(binderOf(taken))).as(taken).doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> DemoRunner.refuseUnreadable(binderOf("--demo=sure"))).isInstanceOf(BindException.class);
    }

    private static Binder binderOf(String argument) {
        StandardEnvironment options = new StandardEnvironment();
        options.getPropertySources().addFirst(new SimpleCommandLinePropertySource(argument));
        return Binder.get(options);
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
