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

    /** The one user the runners that go through HTTP sign in as: {@code admin}, password {@code secret}. */
    static final String[] ADMIN = {"aftermath.security.users[0].username=admin",
            "aftermath.security.users[0].password={bcrypt}$2a$04$YLdSIxEfQ5xK4z4l16qgHuMn7Gn8v/pCpeppgIF25ja13iU6i3myu",
            "aftermath.security.users[0].roles[0]=ADMIN"};
}
