package io.aftermath.command;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;

/** Matches a {@link DomainRejection} by its code, the part of a rejection that clients rely on. */
public final class Rejections {

    private Rejections() {
    }

    public static Matcher<DomainRejection> rejectedWith(ErrorCode code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(DomainRejection rejection) {
                return rejection.code() == code;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a DomainRejection with code ").appendValue(code);
            }

            @Override
            protected void describeMismatchSafely(DomainRejection rejection, Description mismatch) {
                mismatch.appendText("was ").appendValue(rejection.code()).appendText(": ").appendText(rejection.getMessage());
            }
        };
    }
}
