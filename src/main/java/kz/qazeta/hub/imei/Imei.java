package kz.qazeta.hub.imei;

import java.util.Optional;

/**
 * An IMEI as a phone carries it: 15 digits, the last a Luhn check digit over the first 14. Says what is wrong with
 * one that is not.
 */
public final class Imei {

    private Imei() {
    }

    /** Why the text is not an IMEI ({@code imei-format}: not 15 digits; {@code imei-check-digit}), or empty. */
    public static Optional<String> problem(String text) {
        if (text == null || text.length() != 15 || !text.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return Optional.of("imei-format");
        }
        return luhn(text) ? Optional.empty() : Optional.of("imei-check-digit");
    }

    public static boolean valid(String text) {
        return problem(text).isEmpty();
    }

    /** The Luhn check: from the right, every second digit doubled (less 9 when over 9); the sum ends in 0. */
    static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}
