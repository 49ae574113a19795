package io.aftermath.bench;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import io.aftermath.command.CommandSide;
import io.aftermath.query.QuerySide;
import io.aftermath.shared.infrastructure.LedgerConfiguration;
import io.aftermath.shared.metadata.MetadataConfiguration;
import io.aftermath.shared.web.WebConfiguration;

/** The application as {@code AftermathApplication} assembles it (that class lives in the app module). */
@SpringBootApplication(scanBasePackages = "io.aftermath.bench.none")
@Import({LedgerConfiguration.class, MetadataConfiguration.class, WebConfiguration.class, CommandSide.class,
        QuerySide.class})
public class AftermathBenchApplication {
}
