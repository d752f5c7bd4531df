package kz.qazeta.hub.imei;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The IMEI's form and its Luhn check digit, alone. */
class ImeiTest {

    @ParameterizedTest
    @ValueSource(strings = {"490154203237518", "356938035643809", "352099001761481", "861234040000005",
            "353324111111115", "012345678901237", "000000000000000"})
    void imeisWithTheirRightCheckDigitAreValid(String imei) {
        assertThat(Imei.valid(imei)).isTrue();
        assertThat(Imei.problem(imei)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "490154203237519, imei-check-digit",   // the last digit changed
            "490154203237510, imei-check-digit",
            "940154203237518, imei-check-digit",   // two digits swapped
            "356938035643808, imei-check-digit",
            "49015420323751,  imei-format",        // 14 digits
            "4901542032375180, imei-format",       // 16 digits
            "49015420323751A, imei-format",        // a letter
            "4901 5420323751, imei-format",        // a space
            "'',              imei-format"})
    void otherwiseItSaysWhatIsWrong(String imei, String problem) {
        assertThat(Imei.valid(imei)).isFalse();
        assertThat(Imei.problem(imei)).contains(problem);
    }

    @ParameterizedTest
    @CsvSource({"79927398713, true", "79927398710, false", "0, true", "18, true", "19, false"})
    void luhnAsPublished(String digits, boolean valid) {
        assertThat(Imei.luhn(digits)).isEqualTo(valid);
    }
}
