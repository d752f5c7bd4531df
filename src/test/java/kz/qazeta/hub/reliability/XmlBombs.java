package kz.qazeta.hub.reliability;

/**
 * Hostile XML as a partner's answer or a caller's body could carry it: external entities that read a file or open
 * a connection (XXE), a DTD at all, entity expansion ("billion laughs"), very deep nesting, a huge attribute.
 */
final class XmlBombs {

    private XmlBombs() {
    }

    static String xxeFile(String path) {
        return "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \"file://" + path + "\">]>";
    }

    static String xxeNetwork(String url) {
        return "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY % remote SYSTEM \"" + url + "\"> %remote;]>";
    }

    static String externalDtd(String url) {
        return "<?xml version=\"1.0\"?><!DOCTYPE r SYSTEM \"" + url + "\">";
    }

    /** Ten levels of ten: 10^9 expansions of "lol" if a parser expanded them. */
    static String billionLaughs() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        return dtd.append("]><r>&lol9;</r>").toString();
    }

    /** The DTD of {@link #billionLaughs()} without the document, to put before a SOAP envelope. */
    static String billionLaughsDtd() {
        String laughs = billionLaughs();
        return laughs.substring(0, laughs.indexOf("]>") + 2);
    }

    static String deepNesting(int depth) {
        return "<a>".repeat(depth) + "</a>".repeat(depth);
    }

    static String hugeAttribute(int length) {
        return "<a b=\"" + "x".repeat(length) + "\"/>";
    }
}
