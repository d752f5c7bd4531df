package kz.qazeta.hub.exchange.messagelog;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A body the mask cannot read with confidence is not kept; XML is masked even where it is not well-formed. */
class UnmaskableBodiesTest {

    private final PersonalDataMask mask = new PersonalDataMask(List.of("passportNumber", "surname"));

    @Test
    void jsonThatDoesNotParseAndOtherTextAreNotKept() {
        assertThat(mask.mask("{\"passportNumber\":\"N7654321\",\"surname\":\"KOWALCZYK\"")).isNull();
        assertThat(mask.mask("passportNumber=N7654321&surname=KOWALCZYK")).isNull();
        assertThat(mask.mask("{\"passportNumber\":\"N7654321\"}")).isEqualTo("{\"passportNumber\":\"N*******\"}");
    }

    @Test
    void xmlIsMaskedUnclosedAndInCdataToo() {
        assertThat(mask.mask("<a><passportNumber>N7654321")).doesNotContain("7654321");
        assertThat(mask.mask("<a><surname><![CDATA[KOWAL<CZYK]]></surname></a>")).doesNotContain("KOWAL", "CZYK")
                .endsWith("</surname></a>");
    }
}
