package io.aftermath.shared.web.security;

import static io.aftermath.shared.web.security.Role.ADMIN;
import static io.aftermath.shared.web.security.Role.AUDITOR;
import static io.aftermath.shared.web.security.Role.REPORTER;
import static io.aftermath.shared.web.security.Role.RESPONDER;
import static io.aftermath.shared.web.security.Role.TRIAGER;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** The table as the API description reads it; the HTTP test in the app checks the same table guarding requests. */
class AccessRulesTest {

    @Test
    void the_first_rule_that_matches_an_operation_names_its_roles() {
        assertThat(AccessRules.rolesFor(HttpMethod.POST, "/api/tickets/{ticketId}/assign"))
                .containsExactly(TRIAGER, ADMIN);
        assertThat(AccessRules.rolesFor(HttpMethod.POST, "/api/tickets/{ticketId}/reopen"))
                .containsExactly(REPORTER, TRIAGER, RESPONDER, ADMIN);
        assertThat(AccessRules.rolesFor(HttpMethod.POST, "/api/releases/{releaseId}/action-items/{itemId}/complete"))
                .containsExactly(RESPONDER, ADMIN);
        assertThat(AccessRules.rolesFor(HttpMethod.GET, "/api/events")).containsExactly(AUDITOR, ADMIN);
        assertThat(AccessRules.rolesFor(HttpMethod.GET, "/api/releases/{releaseId}/events"))
                .containsExactly(AUDITOR, ADMIN);
        assertThat(AccessRules.rolesFor(HttpMethod.HEAD, "/api/events")).containsExactly(AUDITOR, ADMIN);
        assertThat(AccessRules.rolesFor(HttpMethod.HEAD, "/api/admin/projections")).as("as its GET")
                .containsExactly(AUDITOR, ADMIN);
        assertThat(AccessRules.rolesFor(HttpMethod.HEAD, "/api/releases/{releaseId}")).containsExactly(Role.values());
        assertThat(AccessRules.rolesFor(HttpMethod.GET, "/api/admin/projections")).containsExactly(AUDITOR, ADMIN);
        assertThat(AccessRules.rolesFor(HttpMethod.GET, "/api/tickets/{ticketId}")).containsExactly(Role.values());
    }

    @Test
    void an_operation_no_rule_names_is_for_admins() {
        assertThat(AccessRules.rolesFor(HttpMethod.POST, "/api/admin/projections/{name}/rebuild")).containsExactly(ADMIN);
        assertThat(AccessRules.rolesFor(HttpMethod.POST, "/api/admin/backup")).containsExactly(ADMIN);
        assertThat(AccessRules.rolesFor(HttpMethod.POST, "/api/releases/{releaseId}/something-new")).containsExactly(ADMIN);
    }
}
