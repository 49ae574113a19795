package io.aftermath.query.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The triage queue's and its stream's repeatable filters, as the API description shows them. They are
 * read from the raw query ({@link TriageFilters}), not bound to method parameters, so they are declared here.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Parameter(name = "status", in = ParameterIn.QUERY, description = "Only tickets in this open status (REPORTED, "
        + "TRIAGED, IN_PROGRESS, REOPENED); repeated (status=REPORTED&status=REOPENED), those in any of them",
        array = @ArraySchema(schema = @Schema(type = "string", allowableValues = {"REPORTED", "TRIAGED",
                "IN_PROGRESS", "REOPENED"})))
@Parameter(name = "priority", in = ParameterIn.QUERY, description = "Only tickets of this priority (P1 to P4, or "
        + "none: not prioritised yet); repeated (priority=P1&priority=none), those of any of them",
        array = @ArraySchema(schema = @Schema(type = "string", allowableValues = {"P1", "P2", "P3", "P4",
                TriageFilters.UNPRIORITISED})))
@Parameter(name = "assignee", in = ParameterIn.QUERY, description = "Only tickets assigned to this name, exactly as "
        + "assigned; empty (assignee=), the unassigned ones; repeated (assignee=sam&assignee=), those of any of them",
        array = @ArraySchema(schema = @Schema(type = "string")))
@interface TriageFilterParameters {
}
