package kz.qazeta.hub.exchange;

/**
 * What a caller or a partner sent, made safe to put in a log line: line breaks and other control characters are
 * written as escapes ({@code \n}, {@code \r}, {@code \u0000}), so a path, a user name or a partner's error text
 * cannot start a forged log line of its own; very long values are cut.
 */
public final class LogSafe {

    private static final int MAX = 300;

    private LogSafe() {
    }

    public static String text(Object value) {
        return escape(value, MAX);
    }

    /** The same escapes, cut at {@code max} characters. */
    public static String escape(Object value, int max) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 16);
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.length() >= max && text.length() > max ? out + "..." : out.toString();
    }
}
