package io.aftermath.shared.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Takes {@code charset} out of the ranges of {@code Accept}. Every answer is UTF-8, and JSON has no charset
 * parameter (RFC 8259: adding one "really has no effect on compliant recipients"), yet Spring's JSON encoder
 * refuses a range naming another charset, and only once the handler has run: reads failed with 500 and a
 * stack, writes were answered 406 after they had appended (tester 75, {@code application/json;charset=latin1}).
 */
public class AcceptCharsetFilter implements WebFilter, Ordered {

    /** Before authentication (-100), whose refusals are answers too, and so before every handler. */
    static final int ORDER = -110;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        List<String> sent = headers.get(HttpHeaders.ACCEPT);
        if (sent == null || sent.stream().noneMatch(value -> value.toLowerCase(Locale.ROOT).contains("charset"))) {
            return chain.filter(exchange);
        }
        List<MediaType> ranges;
        try {
            ranges = headers.getAccept();
        } catch (InvalidMediaTypeException unreadable) {
            // Answered 406 further on, saying why.
            return chain.filter(exchange);
        }
        List<MediaType> anyCharset = ranges.stream().map(AcceptCharsetFilter::withoutCharset).toList();
        return chain.filter(exchange.mutate().request(request -> request.headers(h -> h.setAccept(anyCharset))).build());
    }

    private static MediaType withoutCharset(MediaType range) {
        Map<String, String> parameters = new LinkedHashMap<>(range.getParameters());
        parameters.keySet().removeIf(name -> name.equalsIgnoreCase("charset"));
        return new MediaType(range.getType(), range.getSubtype(), parameters);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
