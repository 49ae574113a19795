package io.aftermath.command.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.LocalDate;

import io.aftermath.shared.web.CalendarRange;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** An instant or a date in {@link CalendarRange}; null passes (the field is optional). */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = InCalendarRange.Check.class)
public @interface InCalendarRange {

    String message() default CalendarRange.RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<InCalendarRange, Object> {

        @Override
        public boolean isValid(Object value, ConstraintValidatorContext context) {
            if (value instanceof Instant instant) {
                return CalendarRange.contains(instant);
            }
            if (value instanceof LocalDate date) {
                return CalendarRange.contains(date);
            }
            return value == null;
        }
    }
}
