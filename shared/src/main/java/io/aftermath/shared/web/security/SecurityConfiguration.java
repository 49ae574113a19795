package io.aftermath.shared.web.security;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.reactive.function.client.WebClient;

import com.mongodb.client.MongoDatabase;

import io.aftermath.shared.infrastructure.AftermathProperties;
import io.aftermath.shared.web.problem.ProblemWriter;

/**
 * Stateless API security: HTTP Basic against {@code aftermath.security.users}, or bearer JWTs when
 * {@code aftermath.security.jwt.issuer-uri} is set; the role table is {@link AccessRules}. No
 * sessions, no CSRF tokens (no cookies to ride on; a browser's cached Basic credentials are kept off
 * other sites' writes by {@link CrossSiteWriteFilter}), no login page.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(AftermathSecurityProperties.class)
public class SecurityConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    /**
     * Every asymmetric signature, whichever the issuer's keys use now. Left to Spring, a key set URI takes RS256
     * only, and discovery fixes the algorithms of the keys first fetched, so an issuer rotating from RSA to EC keys
     * locked every user out until a restart (tester 152). A key still verifies only tokens of its own type, and
     * neither {@code none} nor a shared-secret HMAC is ever taken.
     */
    private static final Set<SignatureAlgorithm> SIGNED = EnumSet.of(SignatureAlgorithm.RS256, SignatureAlgorithm.RS384,
            SignatureAlgorithm.RS512, SignatureAlgorithm.PS256, SignatureAlgorithm.PS384, SignatureAlgorithm.PS512,
            SignatureAlgorithm.ES256, SignatureAlgorithm.ES384, SignatureAlgorithm.ES512);

    @Bean
    ServerExchangeRejectedHandler problemOnRejectedExchange(ProblemWriter problems) {
        return new ProblemOnRejectedExchange(problems);
    }

    @Bean
    SingleCredentialsFilter singleCredentialsFilter(ProblemWriter problems) {
        return new SingleCredentialsFilter(problems);
    }

    @Bean
    CrossSiteWriteFilter crossSiteWriteFilter(AftermathSecurityProperties security, ProblemWriter problems) {
        return new CrossSiteWriteFilter(security.allowedOrigins(), problems);
    }

    @Bean
    CrossOriginPreflightFilter crossOriginPreflightFilter(ProblemWriter problems) {
        return new CrossOriginPreflightFilter(problems);
    }

    /**
     * Spring Security's own observations are off: they wrap each of its filters on every request in two more
     * (the wrappers live as long as the request, 5 KB of every open stream's 45 KB: docs/benchmarks.md §3), and
     * their meters ({@code spring_security_*}) are read by no dashboard or alert. {@code http_server_requests}
     * still times every request.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return UserDirectory.PASSWORDS;
    }

    @Bean
    ReactiveUserDetailsService aftermathUsers(AftermathSecurityProperties security, AftermathProperties aftermath,
                                              MongoDatabase database, PasswordEncoder encoder, Clock clock) {
        if (security.jwt().enabled()) {
            return UserDirectory.of(List.of());
        }
        if (security.users().isEmpty()) {
            return new InitialAdminDirectory(() -> InitialAdmin.ensure(database, aftermath.dataDir(), encoder,
                    clock));
        }
        return UserDirectory.configured(security.users());
    }

    /** Only where the node has users of its own; otherwise the initial admin is its one user. */
    @Bean
    ApplicationListener<WebServerInitializedEvent> initialAdminRetirement(AftermathSecurityProperties security,
                                                                          AftermathProperties aftermath,
                                                                          MongoDatabase database) {
        if (!security.jwt().enabled() && security.users().isEmpty()) {
            return event -> {
            };
        }
        return new RetiredInitialAdmin(database, aftermath.dataDir());
    }

    @Bean
    SecurityWebFilterChain aftermathSecurity(ServerHttpSecurity http, AftermathSecurityProperties security,
                                             ReactiveUserDetailsService users, PasswordEncoder encoder,
                                             ProblemWriter problems, ObjectProvider<ReactiveJwtDecoder> decoders,
                                             ObjectProvider<ServedRequests> endpoints,
                                             Clock clock) {
        boolean jwt = security.jwt().enabled();
        ProblemSecurityHandlers handlers = new ProblemSecurityHandlers(problems,
                jwt ? "Bearer" : "Basic realm=\"aftermath\"");
        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(handlers).accessDeniedHandler(handlers))
                .authorizeExchange(rules -> AccessRules.apply(rules, endpoints.getIfAvailable(() -> exchange -> true)));
        if (jwt) {
            if (!security.users().isEmpty()) {
                // Both set is a configuration that expects both to work; only one can authenticate a request.
                LOG.warn("aftermath.security.users lists {} user(s), which are not taken: with "
                        + "aftermath.security.jwt.issuer-uri set, requests are authenticated by JWT only",
                        security.users().size());
            }
            ReactiveJwtDecoder decoder = new IssuerOutageDecoder(
                    decoders.getIfAvailable(() -> decoder(security.jwt(), clock)), clock);
            http.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                    .oauth2ResourceServer(server -> server
                            .authenticationEntryPoint(handlers)
                            .accessDeniedHandler(handlers)
                            .jwt(token -> token.jwtDecoder(decoder).jwtAuthenticationConverter(
                                    new JwtRoles(security.jwt().rolesClaim(), security.jwt().nameClaim()))));
        } else {
            UserDetailsRepositoryReactiveAuthenticationManager manager =
                    new UserDetailsRepositoryReactiveAuthenticationManager(new DecoyForUnknownUsers(users, encoder));
            manager.setPasswordEncoder(encoder);
            ReactiveAuthenticationManager braked = new FailedLoginBrake(manager, security.failedLoginsPerMinute(), clock);
            ReactiveAuthenticationManager remembering = new VerifiedCredentials(braked,
                    security.credentialsCacheTtl(), 10_000, clock);
            http.httpBasic(basic -> basic.authenticationManager(remembering).authenticationEntryPoint(handlers));
        }
        return http.build();
    }

    /**
     * Lazy, so a node starts while the issuer is unreachable: the first token pays for discovery. Both
     * discovery and key fetches go through {@link IssuerFetches}, which bounds how often and how long;
     * {@link KeyRenewingDecoder} bounds how long fetched keys are trusted.
     */
    private static ReactiveJwtDecoder decoder(AftermathSecurityProperties.Jwt jwt, Clock clock) {
        WebClient issuer = WebClient.builder().filter(new IssuerFetches(jwt.keyFetchInterval(), clock)).build();
        return new KeyRenewingDecoder(() -> springDecoder(jwt, issuer), jwt.keyMaxAge(), jwt.keyFetchInterval(), clock);
    }

    private static ReactiveJwtDecoder springDecoder(AftermathSecurityProperties.Jwt jwt, WebClient issuer) {
        NimbusReactiveJwtDecoder decoder = (jwt.jwkSetUri() != null
                ? NimbusReactiveJwtDecoder.withJwkSetUri(jwt.jwkSetUri().toString())
                : NimbusReactiveJwtDecoder.withIssuerLocation(jwt.issuerUri().toString()))
                .webClient(issuer).validateType(false).jwsAlgorithms(algorithms -> algorithms.addAll(SIGNED))
                .build();
        // Spring checks the signature; ours add the issuer, the token's times and type, and the audience.
        decoder.setJwtValidator(TokenChecks.of(jwt));
        return decoder;
    }
}
