package io.aftermath.app.node;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.server.ServerWebExchange;

import io.aftermath.shared.node.ConditionalOnRole;
import io.aftermath.shared.node.NodeRole;

/**
 * The routes each role serves, read from the controllers in each side's package (the package its
 * {@code @ComponentScan} covers) whatever this node runs: a query node knows the command side's
 * routes without creating its beans. Read from the annotations the handler mappings read, so there
 * is no second list to keep in step with the controllers.
 */
final class RoleRoutes {

    private final Map<NodeRole, List<RequestMappingInfo>> routes;

    private RoleRoutes(Map<NodeRole, List<RequestMappingInfo>> routes) {
        this.routes = routes;
    }

    /** {@code sides}: the configuration class of each side, annotated with the role it needs. */
    static RoleRoutes of(Class<?>... sides) {
        Map<NodeRole, List<RequestMappingInfo>> routes = new EnumMap<>(NodeRole.class);
        for (Class<?> side : sides) {
            ConditionalOnRole role = side.getAnnotation(ConditionalOnRole.class);
            if (role == null) {
                throw new IllegalArgumentException(side.getName() + " is not loaded for a role");
            }
            routes.computeIfAbsent(role.value(), any -> new ArrayList<>()).addAll(scan(side));
        }
        return new RoleRoutes(routes);
    }

    /** The roles with a controller for this request's method and path. */
    Set<NodeRole> serving(ServerWebExchange exchange) {
        Set<NodeRole> serving = EnumSet.noneOf(NodeRole.class);
        routes.forEach((role, infos) -> {
            if (infos.stream().anyMatch(info -> info.getMatchingCondition(exchange) != null)) {
                serving.add(role);
            }
        });
        return serving;
    }

    /** The methods any role serves at this request's path, whichever method it asks for. */
    Set<HttpMethod> methodsAt(ServerWebExchange exchange) {
        Set<HttpMethod> methods = new LinkedHashSet<>();
        routes.values().forEach(infos -> infos.stream()
                .filter(info -> info.getPatternsCondition().getMatchingCondition(exchange) != null)
                .forEach(info -> info.getMethodsCondition().getMethods()
                        .forEach(method -> methods.add(method.asHttpMethod()))));
        return methods;
    }

    /** Whether a role serves this method at this pattern, as {@link #describe(NodeRole)} writes it. */
    boolean serves(HttpMethod method, String pattern) {
        String route = method.name() + " " + pattern;
        return routes.keySet().stream().anyMatch(role -> describe(role).contains(route));
    }

    /** The role's routes as {@code "METHOD /pattern"}, sorted. */
    Set<String> describe(NodeRole role) {
        Set<String> described = new TreeSet<>();
        routes.getOrDefault(role, List.of()).forEach(info -> described.addAll(describe(info)));
        return described;
    }

    /** A mapping as {@code "METHOD /pattern"}, one per method and pattern. */
    static List<String> describe(RequestMappingInfo info) {
        List<String> described = new ArrayList<>();
        info.getMethodsCondition().getMethods().forEach(method -> info.getPatternsCondition().getPatterns()
                .forEach(pattern -> described.add(method.name() + " " + pattern.getPatternString())));
        return described;
    }

    private static List<RequestMappingInfo> scan(Class<?> side) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Controller.class));
        List<RequestMappingInfo> infos = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(side.getPackageName())) {
            Class<?> controller = ClassUtils.resolveClassName(candidate.getBeanClassName(), side.getClassLoader());
            RequestMapping base = AnnotatedElementUtils.findMergedAnnotation(controller, RequestMapping.class);
            // As the handler mapping reads them: each handler method's mapping, under the controller's.
            Map<Method, RequestMapping> handlers = MethodIntrospector.selectMethods(controller,
                    (MethodIntrospector.MetadataLookup<RequestMapping>) method ->
                            AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class));
            handlers.values().forEach(mapping -> infos.add(base == null ? info(mapping)
                    : info(base).combine(info(mapping))));
        }
        return infos;
    }

    private static RequestMappingInfo info(RequestMapping mapping) {
        return RequestMappingInfo.paths(mapping.path()).methods(mapping.method()).build();
    }
}
