package kz.qazeta.hub.reference;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.springframework.core.io.Resource;

/**
 * Reference data an operator maintains as a CSV file with a header row (countries, airports, ...): read once
 * at start-up from the location configuration names, so replacing the file changes the data, not the code.
 */
public final class ReferenceTable {

    private ReferenceTable() {
    }

    public static List<Map<String, String>> read(Resource csv) {
        CsvMapper mapper = new CsvMapper();
        try (InputStream in = csv.getInputStream();
             MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
                     .with(CsvSchema.emptySchema().withHeader())
                     .readValues(in)) {
            return rows.readAll();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read reference data " + csv.getDescription(), e);
        }
    }
}
