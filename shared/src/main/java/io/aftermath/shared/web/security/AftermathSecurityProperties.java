package io.aftermath.shared.web.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.aftermath.shared.node.SettingRange;
import io.aftermath.shared.node.StartRefusedException;

/**
 * {@code aftermath.security.*}. With no users and no JWT issuer, the first start creates {@code admin}
 * (see {@link InitialAdmin}).
 *
 * @param users HTTP Basic users; passwords in DelegatingPasswordEncoder form, e.g. {@code {bcrypt}$2a$...}
 * @param jwt   when {@code jwt.issuer-uri} is set, bearer JWTs replace HTTP Basic
 * @param credentialsCacheTtl how long Basic credentials that passed the BCrypt check are trusted
 *                            without checking again ({@code 0} checks every request)
 * @param failedLoginsPerMinute wrong Basic passwords one client address may send within a minute before
 *                              its logins are refused 429 for the rest of that minute ({@code 0}: never)
 */
@ConfigurationProperties("aftermath.security")
public record AftermathSecurityProperties(@DefaultValue List<User> users, @DefaultValue Jwt jwt,
                                          @DefaultValue("5m") Duration credentialsCacheTtl,
                                          @DefaultValue List<String> allowedOrigins,
                                          @DefaultValue("10") int failedLoginsPerMinute) {

    public AftermathSecurityProperties {
        SettingRange.atLeast("aftermath.security.credentials-cache-ttl", credentialsCacheTtl, Duration.ZERO);
        SettingRange.atLeast("aftermath.security.failed-logins-per-minute", failedLoginsPerMinute, 0);
        // A browser sends "null" from any sandboxed frame or data: page: listed, it would let every site write.
        allowedOrigins.stream().filter(origin -> WebOrigin.parse(origin).isEmpty()).findFirst().ifPresent(bad -> {
            throw new StartRefusedException("aftermath.security.allowed-origins: '" + bad + "' is not an origin; "
                    + "list origins as http(s)://host[:port], such as https://dash.example.com "
                    + "(no path, no *, no null)");
        });
        // Judged here, when settings are bound (before the data directory is touched), not first at the users' bean.
        if (!jwt.enabled() && !users.isEmpty()) {
            UserDirectory.configured(users);
        }
    }

    public record User(String username, String password, List<Role> roles) {
    }

    /**
     * @param issuerUri   the OpenID issuer whose keys sign the tokens (discovered lazily, on the first token)
     * @param jwkSetUri   the issuer's key set, to skip discovery; only with {@code issuerUri}
     * @param rolesClaim  the claim listing roles; scopes naming a role (e.g. {@code aftermath:triager}) count too
     * @param nameClaim   the claim naming the actor; {@code sub} when absent
     * @param audience    when set, a token must list it in {@code aud}: one the issuer made for another
     *                    service is refused, whatever roles or scopes it carries
     * @param keyFetchInterval the shortest time between two fetches of the issuer's key set (or its
     *                    discovery document): a token whose key was not in the set fetched within it is
     *                    refused without asking the issuer again ({@code 0}: ask for every such token)
     * @param keyMaxAge   how long fetched keys are used before the issuer's current ones are fetched, so a
     *                    key the issuer withdraws stops being trusted; while the issuer cannot be reached,
     *                    older keys go on checking tokens
     */
    public record Jwt(URI issuerUri, URI jwkSetUri, @DefaultValue("roles") String rolesClaim,
                      @DefaultValue("preferred_username") String nameClaim, String audience,
                      @DefaultValue("10s") Duration keyFetchInterval, @DefaultValue("5m") Duration keyMaxAge) {

        /**
         * A key set alone does not switch JWT mode on (the issuer is what tokens are checked against),
         * so it would be ignored and the node would run HTTP Basic, creating the initial admin: refused.
         */
        public Jwt {
            SettingRange.atLeast("aftermath.security.jwt.key-fetch-interval", keyFetchInterval, Duration.ZERO);
            SettingRange.atLeast("aftermath.security.jwt.key-max-age", keyMaxAge, Duration.ofSeconds(1));
            requireWebAddress("aftermath.security.jwt.issuer-uri", issuerUri);
            requireWebAddress("aftermath.security.jwt.jwk-set-uri", jwkSetUri);
            requireClaimName("aftermath.security.jwt.roles-claim", rolesClaim);
            requireClaimName("aftermath.security.jwt.name-claim", nameClaim);
            if (given(jwkSetUri) && !given(issuerUri)) {
                throw new StartRefusedException("aftermath.security.jwt.jwk-set-uri is set but "
                        + "aftermath.security.jwt.issuer-uri is not: JWT mode needs both (tokens are checked against "
                        + "the issuer), HTTP Basic neither");
            }
        }

        public boolean enabled() {
            return given(issuerUri);
        }

        private static boolean given(URI uri) {
            return uri != null && !uri.toString().isBlank();
        }

        /** Tester 152: an empty roles claim started and granted no token any role, a blank name claim named nobody. */
        private static void requireClaimName(String key, String claim) {
            if (claim == null || claim.isBlank()) {
                throw new StartRefusedException(key + " is empty: it names the token claim to read, such as "
                        + (key.endsWith("roles-claim") ? "roles or realm_access.roles" : "preferred_username"));
            }
        }

        /** Tester 29: {@code not-a-uri} started, then answered every token 503 for as long as it ran. */
        private static void requireWebAddress(String key, URI uri) {
            if (given(uri) && (uri.getHost() == null
                    || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())))) {
                throw new StartRefusedException(key + "=" + uri + " is not an http(s) address with a host, such as "
                        + "https://login.example.com/realms/aftermath");
            }
        }
    }
}
