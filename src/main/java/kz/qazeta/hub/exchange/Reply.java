package kz.qazeta.hub.exchange;

import java.util.Map;

/** What a front-door route answers: an HTTP status, a JSON body (or a document's bytes) and any extra headers (Location, ...). */
public record Reply(int status, Object body, Map<String, String> headers) {

    public static Reply ok(Object body) {
        return new Reply(200, body, Map.of());
    }

    public static Reply accepted(Object body, String location) {
        return new Reply(202, body, Map.of("Location", location));
    }

    /** A document that is not JSON (a PDF, ...): its bytes, as they are, with their type and a file name. */
    public static Reply document(byte[] content, String contentType, String fileName) {
        return new Reply(200, content, Map.of("Content-Type", contentType,
                "Content-Disposition", "inline; filename=\"" + fileName + "\""));
    }
}
