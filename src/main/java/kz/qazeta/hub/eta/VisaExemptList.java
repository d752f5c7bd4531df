package kz.qazeta.hub.eta;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import kz.qazeta.hub.exchange.HubProblem;
import kz.qazeta.hub.reference.ReferenceTable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The nationalities exempt from Kazakhstan's visa requirement, which the ETA is for. Reference data, not law
 * in code: lists are kept in the database, each with the date it takes effect; an operator loads a new one
 * (CSV, the columns of {@code reference/visa-exempt-countries.csv}) through the admin API and it applies from
 * its date, without a rebuild or a restart. The first list is loaded from the shipped file.
 */
@Component
public class VisaExemptList implements VisaExemption {

    private static final Pattern ISO3 = Pattern.compile("[A-Z]{3}");
    private static final Pattern STAY_DAYS = Pattern.compile("[1-9][0-9]{0,2}");

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public VisaExemptList(NamedParameterJdbcTemplate jdbc, Clock clock,
                          @Value("${qazeta.reference.visa-exempt-countries}") Resource shipped) {
        this.jdbc = jdbc;
        this.clock = clock;
        if (jdbc.queryForObject("select count(*) from visa_exempt_list", Map.of(), Integer.class) == 0) {
            load(ReferenceTable.read(shipped), LocalDate.of(2000, 1, 1), shipped.getDescription());
        }
    }

    @Override
    public boolean isExempt(String iso3, LocalDate on) {
        Integer found = jdbc.queryForObject("""
                select count(*) from visa_exempt_country c
                where c.iso3 = :iso3 and c.list_id = (select id from visa_exempt_list where effective_from <= :on
                                                      order by effective_from desc, id desc fetch first 1 rows only)
                """, new MapSqlParameterSource().addValue("iso3", iso3).addValue("on", on), Integer.class);
        return found != null && found > 0;
    }

    /** Loads a new list from CSV text; it applies from {@code effectiveFrom}. */
    @Transactional
    public Map<String, Object> replace(String csv, LocalDate effectiveFrom, String source) {
        if (csv == null || csv.isBlank()) {
            throw HubProblem.invalidRequest("body", "required");
        }
        List<Map<String, String>> rows;
        try {
            rows = ReferenceTable.read(new InputStreamResource(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8))));
        } catch (IllegalStateException e) {
            throw HubProblem.invalidRequest("body", "format");
        }
        for (Map<String, String> row : rows) {
            if (row.get("iso3") == null || !ISO3.matcher(row.get("iso3").trim()).matches()) {
                throw HubProblem.invalidRequest("iso3", "format");
            }
            String days = row.get("max_stay_days");
            if (days != null && !days.isBlank() && !STAY_DAYS.matcher(days.trim()).matches()) {
                throw HubProblem.invalidRequest("max_stay_days", "format");
            }
            if (row.get("basis") != null && row.get("basis").length() > 40) {
                throw HubProblem.invalidRequest("basis", "length");
            }
        }
        return load(rows, effectiveFrom, source);
    }

    /** The lists loaded so far, newest first. */
    /** The lists loaded, under the names of the admin contract (quoted aliases: H2 and PostgreSQL alike). */
    public List<Map<String, Object>> lists() {
        return jdbc.queryForList("""
                select l.id as "id", l.effective_from as "effectiveFrom", l.loaded_at as "loadedAt", l.source as "source",
                       count(c.iso3) as "countries"
                from visa_exempt_list l left join visa_exempt_country c on c.list_id = l.id
                group by l.id, l.effective_from, l.loaded_at, l.source order by l.effective_from desc, l.id desc
                """, Map.of());
    }

    private Map<String, Object> load(List<Map<String, String>> rows, LocalDate effectiveFrom, String source) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.update("insert into visa_exempt_list (effective_from, loaded_at, source) values (:from, :at, :source)",
                new MapSqlParameterSource().addValue("from", effectiveFrom).addValue("at", OffsetDateTime.now(clock))
                        .addValue("source", source.length() > 200 ? source.substring(0, 200) : source),
                keys, new String[] {"id"});
        long listId = keys.getKey().longValue();
        Map<String, Map<String, String>> unique = new LinkedHashMap<>();
        rows.forEach(r -> unique.put(r.get("iso3").trim(), r));
        jdbc.batchUpdate("""
                insert into visa_exempt_country (list_id, iso3, max_stay_days, basis) values (:list, :iso3, :days, :basis)
                """, unique.values().stream().map(r -> new MapSqlParameterSource().addValue("list", listId)
                .addValue("iso3", r.get("iso3").trim())
                .addValue("days", r.get("max_stay_days") == null || r.get("max_stay_days").isBlank() ? null
                        : Integer.valueOf(r.get("max_stay_days").trim()))
                .addValue("basis", r.get("basis"))).toArray(MapSqlParameterSource[]::new));
        Map<String, Object> loaded = new LinkedHashMap<>();
        loaded.put("listId", listId);
        loaded.put("effectiveFrom", effectiveFrom);
        loaded.put("countries", unique.size());
        return loaded;
    }
}
