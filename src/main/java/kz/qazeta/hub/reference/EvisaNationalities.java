package kz.qazeta.hub.reference;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * The nationalities the e-Visa is open to (the seed's 104 entries), as reference data: the e-Visa judges
 * applications by it, and the ETA points a traveller who needs a visa to the e-Visa when it is on it.
 */
@Component
public class EvisaNationalities {

    private final Set<String> nationalities;

    public EvisaNationalities(@Value("${qazeta.reference.evisa-countries}") Resource countries) {
        // one row may cover several passports ("HKG MAC TWN")
        this.nationalities = ReferenceTable.read(countries).stream()
                .flatMap(row -> Arrays.stream(row.get("iso3").trim().split("\\s+")))
                .collect(Collectors.toUnmodifiableSet());
    }

    public boolean contains(String iso3) {
        return nationalities.contains(iso3);
    }

    public int size() {
        return nationalities.size();
    }
}
