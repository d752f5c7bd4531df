package kz.qazeta.hub.evisa;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import kz.qazeta.hub.reference.EvisaNationalities;
import kz.qazeta.hub.reference.ReferenceTable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * The e-Visa's reference data: the nationalities it is open to (the seed's 104 entries, {@link EvisaNationalities}),
 * the categories, and the international-airport checkpoints through which an e-Visa holder may enter. All of it is
 * configuration.
 */
@Component
public class EvisaReferenceData {

    private final EvisaNationalities nationalities;
    private final Set<String> airports;
    private final Set<String> categories;

    public EvisaReferenceData(EvisaNationalities nationalities,
                              @Value("${qazeta.reference.international-airports}") Resource airports,
                              @Value("${qazeta.evisa.categories}") List<String> categories) {
        this.nationalities = nationalities;
        this.airports = ReferenceTable.read(airports).stream()
                .map(row -> row.get("iata").trim())
                .collect(Collectors.toUnmodifiableSet());
        this.categories = Set.copyOf(categories);
    }

    public boolean isEligibleNationality(String iso3) {
        return nationalities.contains(iso3);
    }

    public boolean isInternationalAirport(String iata) {
        return airports.contains(iata);
    }

    public boolean isCategory(String category) {
        return categories.contains(category);
    }

    public int nationalityCount() {
        return nationalities.size();
    }
}
