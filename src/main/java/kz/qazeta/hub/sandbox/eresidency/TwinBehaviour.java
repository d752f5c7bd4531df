package kz.qazeta.hub.sandbox.eresidency;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * How each AIFC onboarding twin misbehaves, for testers: set through
 * {@code PUT /sandbox/eresidency/behaviour/{twin}} with {@code {"mode":..., "delayMillis":..., "times":...}}.
 * <ul>
 *   <li>{@code FAIL}: a technical failure (HTTP 503, a SOAP server fault; a bank answers REJECTED)</li>
 *   <li>{@code REFUSE}: a business refusal (the registrar's RegistrationRefused fault; a bank answers REJECTED)</li>
 *   <li>{@code INVALID}: a wrong answer (an IIN or BIN with a bad check digit, an e-SIM without a code)</li>
 *   <li>{@code TWICE}: the work is done twice over - a bank sends its answer twice; a REST or SOAP twin does the
 *       work but answers the first call with a failure, so the caller's retry gets the same result again</li>
 *   <li>{@code SILENT}: a bank never answers the request</li>
 * </ul>
 * {@code delayMillis} makes every answer late; {@code times} limits the misbehaviour to that many calls
 * (0: until changed). {@code DELETE /sandbox/eresidency/behaviour} puts every twin back to normal.
 */
@Component
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class TwinBehaviour {

    public enum Mode { NORMAL, FAIL, REFUSE, INVALID, TWICE, SILENT }

    public record Behaviour(Mode mode, long delayMillis, int times) {

        public static final Behaviour NORMAL = new Behaviour(Mode.NORMAL, 0, 0);
    }

    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();

    public void set(String twin, Behaviour behaviour) {
        behaviours.put(twin, new Behaviour(behaviour.mode() == null ? Mode.NORMAL : behaviour.mode(),
                Math.max(0, behaviour.delayMillis()), Math.max(0, behaviour.times())));
    }

    public void reset() {
        behaviours.clear();
    }

    public Map<String, Behaviour> all() {
        return new LinkedHashMap<>(behaviours);
    }

    /** What the twin does with this call, after sleeping any delay. */
    public Mode next(String twin) {
        Behaviour b = take(twin);
        if (b.delayMillis() > 0) {
            try {
                Thread.sleep(b.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return b.mode();
    }

    /** The behaviour for this call, counted down when limited; a twin that answers later applies the delay itself. */
    public Behaviour take(String twin) {
        Behaviour[] taken = new Behaviour[1];
        behaviours.computeIfPresent(twin, (name, b) -> {
            taken[0] = b;
            return b.times() == 1 ? null : b.times() > 1 ? new Behaviour(b.mode(), b.delayMillis(), b.times() - 1) : b;
        });
        return taken[0] == null ? Behaviour.NORMAL : taken[0];
    }

}
