package io.aftermath.shared.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression (tester 7): a new data directory was created readable by every user of the host, and the
 * embedded store in it holds the users' password hashes.
 */
class DataDirectoryTest {

    @TempDir
    Path parent;

    @Test
    void a_new_data_directory_is_its_owners_alone() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path dir = parent.resolve("data");

        try (DataDirectory ignored = DataDirectory.open(dir)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            assertThat(DataDirectory.sharedWithOthers(dir)).isFalse();
        }
    }

    @Test
    void an_existing_directory_keeps_its_permissions_and_is_recognised_as_shared() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path dir = Files.createDirectory(parent.resolve("shared"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));

        try (DataDirectory ignored = DataDirectory.open(dir)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxr-x---");
            assertThat(DataDirectory.sharedWithOthers(dir)).isTrue();
        }
    }

    /** Tester 36: "cannot create data directory …: FileAlreadyExistsException". */
    @Test
    void a_file_given_as_the_data_directory_is_refused_saying_so() throws Exception {
        Path file = Files.writeString(parent.resolve("a-file"), "not a directory");

        assertThatThrownBy(() -> DataDirectory.open(file)).isInstanceOf(DataDirectoryException.class)
                .hasMessage("data directory " + file + " is a file, not a directory");
    }
}
