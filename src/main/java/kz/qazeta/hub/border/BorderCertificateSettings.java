package kz.qazeta.hub.border;

import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The border-crossing certificate's configuration ({@code qazeta.border-certificates.*}).
 *
 * @param maxPeriod       the longest period one certificate may cover (a longer one is a 400 naming {@code period})
 * @param maxCrossings    the most crossings one certificate lists (the page read from the Border Service); more is a
 *                        422 asking for a shorter period
 * @param signingKey      the HMAC-SHA256 key that signs every certificate's content (a secret)
 * @param verificationUrl the public address of the verification endpoint; the certificate's code is appended
 */
@ConfigurationProperties("qazeta.border-certificates")
public record BorderCertificateSettings(Period maxPeriod, int maxCrossings, String signingKey, String verificationUrl) {

    public BorderCertificateSettings {
        maxPeriod = maxPeriod == null ? Period.ofYears(5) : maxPeriod;
        maxCrossings = maxCrossings <= 0 ? 500 : maxCrossings;
        if (signingKey == null || signingKey.length() < 16) {
            throw new IllegalArgumentException("qazeta.border-certificates.signing-key must be at least 16 characters");
        }
        verificationUrl = verificationUrl.endsWith("/") ? verificationUrl : verificationUrl + "/";
    }
}
