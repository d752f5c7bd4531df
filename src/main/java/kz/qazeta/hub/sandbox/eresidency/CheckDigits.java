package kz.qazeta.hub.sandbox.eresidency;

/**
 * The check digit of the IINs and BINs the twins issue, computed the way the published rule says (Government Decree
 * No. 565 of 11 June 2003): weights 1..11 modulo 11, and 3..11, 1, 2 when that gives 10. The twins keep their own
 * copy rather than use the hub's: a real registry shares the rule with the hub, not its code.
 */
final class CheckDigits {

    private static final int[] FIRST_WEIGHTS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    private static final int[] SECOND_WEIGHTS = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};

    private CheckDigits() {
    }

    /** The twelfth digit for the first eleven, or -1 when both passes give 10 (no number is issued with them). */
    static int of(String firstEleven) {
        int check = weighted(firstEleven, FIRST_WEIGHTS) % 11;
        if (check == 10) {
            check = weighted(firstEleven, SECOND_WEIGHTS) % 11;
        }
        return check == 10 ? -1 : check;
    }

    private static int weighted(String digits, int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += (digits.charAt(i) - '0') * weights[i];
        }
        return sum;
    }
}
