package kz.qazeta.hub.eresidency;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The IIN/BIN check digit against numbers published as valid, and the same numbers spoiled. */
class IdentificationNumberTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "871008401427", "760212350620", "800416300257", "680503450037",
            // the first pass gives 10 here, so the second weights decide the check digit (2)
            "061211600012"})
    void publishedNumbersAreValid(String iin) {
        assertThat(IdentificationNumber.isValid(iin)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "871008401428", "760212350621", "061211600013", // a wrong check digit
            "871008401472", // two digits swapped
            "87100840142", "8710084014270", "", "87100840142X", "８７１００８４０１４２７"})
    void spoiledNumbersAreNot(String iin) {
        assertThat(IdentificationNumber.isValid(iin)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"06121160001", "87100840142"})
    void theCheckDigitIsTheOnePublished(String firstEleven) {
        String published = firstEleven.equals("06121160001") ? "2" : "7";
        assertThat(IdentificationNumber.checkDigit(firstEleven)).isEqualTo(Integer.parseInt(published));
    }

    @org.junit.jupiter.api.Test
    void elevenDigitsWhoseBothPassesGiveTenHaveNoNumber() {
        // search the eleven-digit prefixes of one birth date for one where both passes give 10
        String none = null;
        for (int serial = 0; serial < 10_000 && none == null; serial++) {
            String first = "9001013" + "%04d".formatted(serial);
            if (IdentificationNumber.checkDigit(first) < 0) {
                none = first;
            }
        }
        assertThat(none).isNotNull();
        for (int digit = 0; digit <= 9; digit++) {
            assertThat(IdentificationNumber.isValid(none + digit)).isFalse();
        }
    }
}
