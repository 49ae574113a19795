package io.aftermath.app.command.backup;

import static io.aftermath.app.command.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.TestUsers;

/** The tests' memory backend keeps no file: a backup is refused, plainly. */
@AftermathHttpTest
class BackupWithoutStoreFileTest {

    @Autowired
    WebTestClient client;

    @Test
    void a_node_without_a_store_file_refuses_a_backup_with_409() {
        var problem = assertProblem(StoreBackupTest.backup(client, TestUsers.ADMIN), 409, "BACKUP_NOT_AVAILABLE");

        assertThat(problem.get("detail")).asString().contains("memory");
    }
}
