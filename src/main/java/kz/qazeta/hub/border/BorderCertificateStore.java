package kz.qazeta.hub.border;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import kz.qazeta.hub.border.BorderCertificate.Crossing;
import kz.qazeta.hub.border.BorderCertificate.Direction;
import kz.qazeta.hub.border.BorderCertificate.Holder;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Issued border-crossing certificates in the hub's database, each with its crossings and its signature. */
@Repository
public class BorderCertificateStore {

    /** A certificate as stored, with the signature stored beside it. */
    public record Stored(BorderCertificate certificate, String signature) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    public BorderCertificateStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public void insert(BorderCertificate c, String signature, String owner, String correlationId) {
        Holder h = c.holder();
        Map<String, Object> params = new HashMap<>();
        params.put("id", c.id());
        params.put("owner", owner);
        params.put("code", c.verificationCode());
        params.put("correlationId", correlationId);
        params.put("documentType", h.documentType());
        params.put("documentNumber", h.documentNumber());
        params.put("issuingCountry", h.issuingCountry());
        params.put("nationality", h.nationality());
        params.put("dateOfBirth", h.dateOfBirth());
        params.put("surname", h.surname());
        params.put("givenNames", h.givenNames());
        params.put("from", c.periodFrom());
        params.put("to", c.periodTo());
        params.put("issuedAt", utc(c.issuedAt()));
        params.put("signature", signature);
        jdbc.update("""
                insert into border_certificate (id, owner, verification_code, correlation_id, document_type, document_number,
                    issuing_country, nationality, date_of_birth, surname, given_names, period_from, period_to, issued_at, signature)
                values (:id, :owner, :code, :correlationId, :documentType, :documentNumber, :issuingCountry, :nationality,
                    :dateOfBirth, :surname, :givenNames, :from, :to, :issuedAt, :signature)
                """, params);
        int seq = 0;
        for (Crossing crossing : c.crossings()) {
            jdbc.update("""
                    insert into border_certificate_crossing (certificate_id, seq, direction, checkpoint_code, checkpoint_name, crossed_at)
                    values (:id, :seq, :direction, :code, :name, :at)
                    """, new MapSqlParameterSource().addValue("id", c.id()).addValue("seq", ++seq)
                    .addValue("direction", crossing.direction().name()).addValue("code", crossing.checkpointCode())
                    .addValue("name", crossing.checkpointName()).addValue("at", utc(crossing.at())));
        }
    }

    /** The certificate as its owners see it: one of {@code owners} had it issued (else, to them, there is none). */
    public Optional<Stored> find(String id, List<String> owners) {
        return one("select * from border_certificate where id = :key and owner in (:owners)",
                new MapSqlParameterSource().addValue("key", id).addValue("owners", owners));
    }

    public Optional<Stored> findByCode(String code) {
        return one("select * from border_certificate where verification_code = :key", new MapSqlParameterSource("key", code));
    }

    private Optional<Stored> one(String sql, MapSqlParameterSource params) {
        List<Map.Entry<BorderCertificate, String>> found = jdbc.query(sql, params, this::map);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        BorderCertificate head = found.get(0).getKey();
        List<Crossing> crossings = jdbc.query("""
                select direction, checkpoint_code, checkpoint_name, crossed_at from border_certificate_crossing
                where certificate_id = :id order by seq
                """, Map.of("id", head.id()), (rs, n) -> new Crossing(Direction.valueOf(rs.getString("direction")),
                rs.getString("checkpoint_code"), rs.getString("checkpoint_name"),
                rs.getObject("crossed_at", OffsetDateTime.class).toInstant()));
        BorderCertificate certificate = new BorderCertificate(head.id(), head.verificationCode(), head.holder(),
                head.periodFrom(), head.periodTo(), head.issuedAt(), crossings);
        return Optional.of(new Stored(certificate, found.get(0).getValue()));
    }

    private Map.Entry<BorderCertificate, String> map(ResultSet rs, int row) throws SQLException {
        Holder holder = new Holder(rs.getString("document_type"), rs.getString("document_number"),
                rs.getString("issuing_country"), rs.getString("nationality"),
                rs.getObject("date_of_birth", LocalDate.class), rs.getString("surname"), rs.getString("given_names"));
        BorderCertificate certificate = new BorderCertificate(rs.getString("id"), rs.getString("verification_code"),
                holder, rs.getObject("period_from", LocalDate.class), rs.getObject("period_to", LocalDate.class),
                rs.getObject("issued_at", OffsetDateTime.class).toInstant(), List.of());
        return Map.entry(certificate, rs.getString("signature"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
