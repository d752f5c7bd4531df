package kz.qazeta.hub.exchange.partners;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import kz.qazeta.hub.exchange.HubProblem;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads a request's body for the gate, bounded in size ({@code qazeta.exchange.max-body-size}, {@code 413}) and in
 * time ({@code qazeta.exchange.body-read-timeout}, {@code 408}): the read holds one of the web server's workers, so a
 * client that sends a byte now and then is cut off. Each read waits at most Tomcat's
 * {@code server.tomcat.connection-timeout}, so a body is read within the two together.
 */
@Component
public class RequestBodies {

    private final long maxBytes;
    private final Duration timeout;

    public RequestBodies(ExchangeDirectory directory,
                         @Value("${qazeta.exchange.body-read-timeout:PT10S}") Duration timeout) {
        this.maxBytes = directory.maxBodySize().toBytes();
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    public byte[] read(HttpServletRequest request) {
        if (request.getContentLengthLong() > maxBytes) {
            throw HubProblem.bodyTooLarge(maxBytes);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (InputStream in = request.getInputStream()) {
            byte[] chunk = new byte[8192];
            for (int n; (n = in.read(chunk)) > 0; ) {
                buffer.write(chunk, 0, n);
                if (buffer.size() > maxBytes) {
                    throw HubProblem.bodyTooLarge(maxBytes);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw HubProblem.requestTimeout(timeout.toSeconds());
                }
            }
        } catch (IOException tooSlowOrGone) {
            // Tomcat's read time-out (or the client went): answered 408 if the client still listens
            throw HubProblem.requestTimeout(timeout.toSeconds());
        }
        return buffer.toByteArray();
    }
}
