package kz.qazeta.hub.border;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/**
 * Signs a certificate's content with HMAC-SHA256 under the configured key
 * ({@code qazeta.border-certificates.signing-key}), and checks it again: the signature is computed over the
 * canonical form of what is stored, so a certificate altered in the database no longer matches it.
 */
@Component
public class BorderCertificateSignature {

    /** Verification codes: no 0/O, 1/I, so a code read off paper is typed right. 20 symbols, 100 bits. */
    private static final char[] CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final int CODE_LENGTH = 20;

    private final SecretKeySpec key;
    private final ObjectMapper canonicalJson = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();

    public BorderCertificateSignature(BorderCertificateSettings settings) {
        this.key = new SecretKeySpec(settings.signingKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String sign(BorderCertificate certificate) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] content = canonicalJson.writeValueAsBytes(certificate.canonical());
            return HexFormat.of().formatHex(mac.doFinal(content));
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("cannot sign a border certificate", e);
        }
    }

    /** Whether the stored signature is the one the certificate's content has under the key (in constant time). */
    public boolean genuine(BorderCertificate certificate, String signature) {
        byte[] expected = sign(certificate).getBytes(StandardCharsets.US_ASCII);
        byte[] stored = signature == null ? new byte[0] : signature.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, stored);
    }

    /** A new verification code: random, unguessable, easy to type. */
    public String newCode() {
        StringBuilder code = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) {
            code.append(CODE_ALPHABET[random.nextInt(CODE_ALPHABET.length)]);
        }
        return code.toString();
    }
}
