package org.planetlab.portal.console;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.planetlab.plc.Plc;
import org.planetlab.plc.audit.Complaint;
import org.planetlab.plc.audit.ComplaintStatus;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.monitor.AvailabilityReports;
import org.planetlab.plc.node.NodeDetails;
import org.planetlab.plc.node.NodeFilter;
import org.planetlab.plc.person.PersonDetails;
import org.planetlab.plc.person.PersonFilter;
import org.planetlab.plc.site.SiteDetails;
import org.planetlab.plc.site.SiteFilter;
import org.planetlab.plc.slice.SliceDetails;
import org.planetlab.plc.slice.SliceFilter;
import org.planetlab.plc.stop.StopRecord;
import org.planetlab.plc.store.Page;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.WebRequest;

/**
 * The operators' console: the testbed at a glance (nodes up and down, slices and slivers, the
 * day's top consumers, open complaints, whether the big red button is pressed) and a search over
 * people, sites, slices and nodes. Operators only: the console is what GetEvents' role may see.
 */
public final class ConsolePages {
    private static final int SEARCH_LIMIT = 50;
    /** Rollouts on the glance: the current one and those just before it. */
    private static final int ROLLOUTS = 3;

    private final Plc plc;

    public ConsolePages(Plc plc) {
        this.plc = requireNonNull(plc, "plc is null");
    }

    public void register(Routes routes) {
        routes.get("/console", Routes.Access.SIGNED_IN, this::glance)
                .get("/console/search", Routes.Access.SIGNED_IN, this::search);
    }

    /** Operators only; everyone else is refused as the API refuses them GetEvents. */
    static Caller operator(WebRequest request) {
        Caller caller = request.caller();
        ApiRules.require(caller, "GetEvents");
        return caller;
    }

    private Reply glance(WebRequest request) {
        Caller caller = operator(request);
        long now = plc.mutations().now();
        Glance glance = plc.database().read(handle -> {
            Map<String, Long> byState = plc.monitoring().reports().status(handle, caller, Optional.empty()).stream()
                    .collect(Collectors.groupingBy(AvailabilityReports.NodeStatus::state, TreeMap::new,
                            Collectors.counting()));
            Map<String, Long> byBootState = plc.nodes().countByBootState(handle);
            long slices = plc.slices().countSlices(handle, caller);
            long slivers = plc.slices().countSlivers(handle, caller);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> top = (List<Map<String, Object>>) plc.usage().reports()
                    .top(handle, caller, "cpu", Optional.empty(), Optional.of(5L), now).get("slices");
            List<Glance.Consumer> consumers = top.stream().map(row -> new Glance.Consumer(
                    ((Number) row.get("slice_id")).longValue(), String.valueOf(row.get("name")),
                    "%.1f".formatted(number(row, "cpu_seconds")), Long.toString((long) (number(row, "bytes_sent")
                            + number(row, "bytes_received"))))).toList();
            List<Complaint> open = plc.audit().complaints().complaints(handle, caller, new Complaint.Filter(
                    Optional.empty(), Optional.empty(), Optional.of(ComplaintStatus.OPEN), 10));
            Optional<String> stop = plc.stops().stops(handle, caller, Optional.empty(), Optional.empty(),
                    Optional.of(true)).stream().filter(record -> record.level().equals("all")).findFirst()
                    .map(StopRecord::reason);
            List<RolloutRow> rollouts = ApiRules.may(caller, "GetRollouts") ? plc.rollouts().service()
                    .rollouts(handle).stream().limit(ROLLOUTS).map(RolloutRow::of).toList() : List.of();
            return new Glance(byState, byBootState, slices, slivers, consumers, open, rollouts, stop);
        });
        return Reply.page("console.jte", Map.of("frame", request.frame("Operators' console"), "glance", glance));
    }

    private static double number(Map<String, Object> row, String field) {
        return row.get(field) instanceof Number number ? number.doubleValue() : 0;
    }

    /** What a search found, each kind at most {@link #SEARCH_LIMIT}. */
    public record Found(String query, List<PersonDetails> people, List<SiteDetails> sites, List<SliceDetails> slices,
            List<NodeDetails> nodes, Map<Long, String> siteNames) {
        public Found {
            people = List.copyOf(people);
            sites = List.copyOf(sites);
            slices = List.copyOf(slices);
            nodes = List.copyOf(nodes);
            siteNames = Map.copyOf(siteNames);
        }

        public boolean isEmpty() {
            return people.isEmpty() && sites.isEmpty() && slices.isEmpty() && nodes.isEmpty();
        }

        public String site(long siteId) {
            return siteNames.getOrDefault(siteId, "site " + siteId);
        }
    }

    private Reply search(WebRequest request) {
        Caller caller = operator(request);
        String query = request.field("q");
        String needle = query.toLowerCase(Locale.ROOT);
        List<SiteDetails> allSites = plc.sites().sites(SiteFilter.all(Page.MAX_LIMIT));
        Map<Long, String> siteNames = allSites.stream().collect(Collectors.toMap(SiteDetails::siteId,
                SiteDetails::name));
        Found found;
        if (needle.isEmpty()) {
            found = new Found(query, List.of(), List.of(), List.of(), List.of(), siteNames);
        } else {
            found = new Found(query,
                    matching(plc.persons().persons(caller, PersonFilter.all(Page.MAX_LIMIT)), needle,
                            person -> person.email() + " " + person.firstName() + " " + person.lastName()),
                    matching(allSites, needle, site -> site.loginBase() + " " + site.name() + " "
                            + site.abbreviatedName()),
                    matching(plc.slices().slices(caller, SliceFilter.all(Page.MAX_LIMIT)), needle,
                            slice -> slice.name() + " " + slice.description().orElse("")),
                    matching(plc.nodes().nodes(NodeFilter.all(Page.MAX_LIMIT)), needle, NodeDetails::hostname),
                    siteNames);
        }
        return Reply.page("console-search.jte", Map.of("frame", request.frame("Search"), "found", found));
    }

    private static <T> List<T> matching(List<T> all, String needle, Function<T, String> text) {
        return all.stream().filter(each -> text.apply(each).toLowerCase(Locale.ROOT).contains(needle))
                .limit(SEARCH_LIMIT).toList();
    }
}
