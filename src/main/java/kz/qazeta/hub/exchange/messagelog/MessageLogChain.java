package kz.qazeta.hub.exchange.messagelog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The hash chain of the message log: each row's hash covers every field of the row and the previous row's
 * hash, so a row deleted, inserted or altered anywhere breaks the chain from there on. A numbered row's hash also
 * covers its journal and number, so a row that never entered the chain shows as a number missing between two rows
 * whose hashes fit. The same function verifies the database and the archive files offline.
 */
public final class MessageLogChain {

    /** The "previous hash" of the very first row. */
    public static final String GENESIS = "0".repeat(64);

    private MessageLogChain() {
    }

    public static String rowHash(String previousHash, MessageLogEntry e) {
        String canonical = String.join("\u001f", previousHash, e.entryId(), e.at().toString(),
                Objects.toString(e.correlationId(), ""), Objects.toString(e.partner(), ""),
                Objects.toString(e.service(), ""), e.direction().name(), e.channel().name(),
                Objects.toString(e.endpoint(), ""), e.outcome().name(), Objects.toString(e.faultCode(), ""),
                Objects.toString(e.statusCode(), ""), Long.toString(e.size()), Objects.toString(e.durationMs(), ""),
                Objects.toString(e.bodyHash(), ""), Objects.toString(e.body(), ""));
        // rows from before numbering keep the hash they were stored with
        return sha256(e.sequence() == null ? canonical
                : canonical + "\u001f" + e.journal() + "\u001f" + e.sequence());
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
