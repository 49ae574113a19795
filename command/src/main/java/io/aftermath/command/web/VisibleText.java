package io.aftermath.command.web;

import io.aftermath.shared.text.PlainText;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.constraints.NotBlank;

/**
 * {@link NotBlank} as the API means it: some character a reader can see ({@link PlainText#isBlank}).
 * Hibernate Validator's own check trims only what {@code String.trim} trims, so a title of one
 * zero-width or no-break space passed. {@link NotBlankConfiguration} puts this in its place.
 */
final class VisibleText implements ConstraintValidator<NotBlank, CharSequence> {

    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
        return value != null && !PlainText.isBlank(value.toString());
    }
}
