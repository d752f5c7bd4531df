package kz.qazeta.hub.eresidency;

/**
 * Kazakhstan's twelve-digit identification numbers, the IIN of a person and the BIN of a company, and their
 * check digit as published (Government Decree No. 565 of 11 June 2003): the first eleven digits weighted 1..11,
 * summed modulo 11; if that gives 10, again with the weights 3..11, 1, 2; a second 10 means no number is
 * issued with those eleven digits.
 */
public final class IdentificationNumber {

    private static final int[] FIRST_WEIGHTS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    private static final int[] SECOND_WEIGHTS = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};

    private IdentificationNumber() {
    }

    public static boolean isValid(String number) {
        if (number == null || !number.matches("[0-9]{12}")) {
            return false;
        }
        int check = checkDigit(number.substring(0, 11));
        return check >= 0 && check == number.charAt(11) - '0';
    }

    /** The check digit for the first eleven digits, or -1 when both passes give 10 (no such number exists). */
    public static int checkDigit(String firstEleven) {
        int check = weightedSum(firstEleven, FIRST_WEIGHTS) % 11;
        if (check == 10) {
            check = weightedSum(firstEleven, SECOND_WEIGHTS) % 11;
        }
        return check == 10 ? -1 : check;
    }

    private static int weightedSum(String digits, int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += (digits.charAt(i) - '0') * weights[i];
        }
        return sum;
    }
}
