package kz.qazeta.hub.payment;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What the hub asked the payment gateway for, per order: the service and application it is the fee of, the amount
 * and currency, and (once the gateway answered and the application awaits payment) the gateway's payment id. The
 * gateway's callbacks are checked against it.
 */
@Repository
public class PaymentRequests {

    public record PaymentRequest(String orderId, String service, String applicationId, BigDecimal amount,
                                 String currency, String paymentId) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public PaymentRequests(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records that the hub asks for a payment of this order. Asking again (the gateway was not reached, the hub
     * restarted) replaces the amount and currency while no payment is known yet; once the gateway's payment is
     * recorded the row no longer changes.
     */
    public void asked(String orderId, String service, String applicationId, BigDecimal amount, String currency) {
        var params = new MapSqlParameterSource().addValue("order", orderId).addValue("service", service)
                .addValue("application", applicationId).addValue("amount", amount).addValue("currency", currency)
                .addValue("now", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
        int updated = jdbc.update("""
                update payment_request set service = :service, application_id = :application, amount = :amount,
                    currency = :currency, requested_at = :now
                where order_id = :order and payment_id is null
                """, params);
        if (updated == 0) {
            try {
                jdbc.update("""
                        insert into payment_request (order_id, service, application_id, amount, currency, requested_at)
                        values (:order, :service, :application, :amount, :currency, :now)
                        """, params);
            } catch (DuplicateKeyException alreadyPaymentKnown) {
                // the gateway's payment for this order is recorded already: what was asked for stays as it was
            }
        }
    }

    /**
     * The gateway created the payment of this order. Called in the transaction that moves the application to
     * awaiting payment, so a callback never finds one without the other.
     */
    public void created(String orderId, String paymentId) {
        jdbc.update("update payment_request set payment_id = :payment where order_id = :order",
                Map.of("payment", paymentId, "order", orderId));
    }

    public Optional<PaymentRequest> find(String orderId) {
        return jdbc.query("select * from payment_request where order_id = :order", Map.of("order", orderId),
                (rs, n) -> map(rs)).stream().findFirst();
    }

    public Optional<PaymentRequest> findByPaymentId(String paymentId) {
        return jdbc.query("select * from payment_request where payment_id = :payment", Map.of("payment", paymentId),
                (rs, n) -> map(rs)).stream().findFirst();
    }

    private static PaymentRequest map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new PaymentRequest(rs.getString("order_id"), rs.getString("service"), rs.getString("application_id"),
                rs.getBigDecimal("amount"), rs.getString("currency"), rs.getString("payment_id"));
    }
}
