package io.aftermath.shared.web;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/** Every handler's numbers, in its query, path and headers, are read as {@link StrictNumbers} reads them. */
@ControllerAdvice
class StrictNumberBinding {

    @InitBinder
    void strictNumbers(WebDataBinder binder) {
        StrictNumbers.register(binder);
    }
}
