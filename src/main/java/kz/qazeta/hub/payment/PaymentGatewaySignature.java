package kz.qazeta.hub.payment;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import kz.qazeta.hub.exchange.HubProblem;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Authenticates the payment gateway's callbacks: the gateway signs the raw body with HMAC-SHA256 under a secret
 * both sides share and sends the hex digest in {@code X-Payment-Signature}. A missing or wrong signature is a 401.
 */
@Component("paymentGatewaySignature")
public class PaymentGatewaySignature {

    public static final String HEADER = "X-Payment-Signature";
    private static final Logger LOG = LoggerFactory.getLogger(PaymentGatewaySignature.class);

    private final byte[] secret;

    public PaymentGatewaySignature(@Value("${qazeta.partners.payment-gateway.callback-secret}") String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    public void verify(Message message) {
        String sent = message.getHeader(HEADER, String.class);
        String body = message.getBody(String.class);
        if (sent == null || body == null
                || !MessageDigest.isEqual(sign(body).getBytes(StandardCharsets.US_ASCII),
                        sent.trim().toLowerCase().getBytes(StandardCharsets.US_ASCII))) {
            LOG.warn("Payment callback refused: {} signature", sent == null ? "no" : "a wrong");
            throw HubProblem.unauthenticated();
        }
    }

    public String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
