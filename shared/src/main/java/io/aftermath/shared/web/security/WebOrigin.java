package io.aftermath.shared.web.security;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * A web origin as a browser writes it in {@code Origin}: http or https, a host and perhaps a port, nothing
 * else. Compared in its serialized form, lower case and without the scheme's default port.
 */
record WebOrigin(String serialized) {

    /** Empty for anything a browser would not send as a page's origin: {@code null}, a path, user info, {@code *}. */
    static Optional<WebOrigin> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
                    && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
                    || (scheme.equals("https") && port == 443);
            return Optional.of(new WebOrigin(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                    + (defaultPort ? "" : ":" + port)));
        } catch (java.net.URISyntaxException notAUri) {
            return Optional.empty();
        }
    }
}
