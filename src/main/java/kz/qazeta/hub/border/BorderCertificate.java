package kz.qazeta.hub.border;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A certificate of state-border crossing as the hub issued it: the person as the Border Service knows them, the
 * period asked about, the crossings recorded in it, when it was issued and the code that verifies it.
 */
public record BorderCertificate(String id, String verificationCode, Holder holder, LocalDate periodFrom,
                                LocalDate periodTo, Instant issuedAt, List<Crossing> crossings) {

    /** Kazakhstan's time, in which periods are read and crossing times shown. */
    public static final ZoneId ASTANA = ZoneId.of("Asia/Almaty");

    public enum Direction { ENTRY, EXIT }

    public record Holder(String documentType, String documentNumber, String issuingCountry, String nationality,
                         LocalDate dateOfBirth, String surname, String givenNames) {
    }

    public record Crossing(Direction direction, String checkpointCode, String checkpointName, Instant at) {
    }

    public BorderCertificate {
        crossings = List.copyOf(crossings);
    }

    /** The latest entry into Kazakhstan the certificate shows, if any. */
    public Optional<Crossing> lastEntry() {
        return crossings.stream().filter(c -> c.direction() == Direction.ENTRY).reduce((first, second) -> second);
    }

    public long count(Direction direction) {
        return crossings.stream().filter(c -> c.direction() == direction).count();
    }

    /**
     * Every certified field in a fixed order, with instants in UTC to the second: what the signature covers. A
     * change to any stored column (the person, the period, a crossing, the time of issue, the code) changes it.
     */
    Map<String, Object> canonical() {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("form", "qazeta-border-certificate/1");
        content.put("id", id);
        content.put("verificationCode", verificationCode);
        content.put("issuedAt", issuedAt.toString());
        content.put("documentType", holder.documentType());
        content.put("documentNumber", holder.documentNumber());
        content.put("issuingCountry", holder.issuingCountry());
        content.put("nationality", holder.nationality());
        content.put("dateOfBirth", holder.dateOfBirth().toString());
        content.put("surname", holder.surname());
        content.put("givenNames", holder.givenNames());
        content.put("periodFrom", periodFrom.toString());
        content.put("periodTo", periodTo.toString());
        List<List<String>> rows = new ArrayList<>();
        for (Crossing c : crossings) {
            rows.add(List.of(c.direction().name(), c.checkpointCode(), c.checkpointName(), c.at().toString()));
        }
        content.put("crossings", rows);
        return content;
    }
}
