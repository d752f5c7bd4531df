package kz.qazeta.hub.exchange;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Components the hub embeds log what clients and partners send: the broker the user name a client tried, CXF the
 * text of a partner's fault. A line break in such a value would start a forged log line. For their loggers, a
 * message with a line break is logged again with the breaks escaped (as {@link LogSafe} does for the hub's own lines)
 * and the original dropped. Stack traces are untouched.
 */
@Component
public class LogLineGuard extends TurboFilter implements InitializingBean, DisposableBean {

    static final List<String> GUARDED = List.of("org.apache.activemq", "org.apache.cxf");
    private static final String FQCN = LogLineGuard.class.getName();
    private static final ThreadLocal<Boolean> RELOGGING = ThreadLocal.withInitial(() -> false);

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format == null || level == null || RELOGGING.get() || !guarded(logger.getName())
                || !logger.isEnabledFor(level)) {
            return FilterReply.NEUTRAL;
        }
        String message = params == null || params.length == 0 ? format
                : MessageFormatter.arrayFormat(format, params).getMessage();
        if (message == null || message.indexOf('\n') < 0 && message.indexOf('\r') < 0) {
            return FilterReply.NEUTRAL;
        }
        RELOGGING.set(true);
        try {
            logger.log(marker, FQCN, Level.toLocationAwareLoggerInteger(level), LogSafe.escape(message, 10_000), null, t);
        } finally {
            RELOGGING.set(false);
        }
        return FilterReply.DENY;
    }

    private static boolean guarded(String name) {
        return GUARDED.stream().anyMatch(name::startsWith);
    }

    @Override
    public void afterPropertiesSet() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            setContext(context);
            start();
            context.addTurboFilter(this);
        }
    }

    @Override
    public void destroy() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getTurboFilterList().remove(this);
        }
        stop();
    }
}
