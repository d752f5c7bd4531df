package kz.qazeta.hub.sandbox.eresidency;

import java.util.Map;
import java.util.Set;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The testers' desk for the AIFC onboarding twins: how each misbehaves (see {@link TwinBehaviour}). */
@RestController
@RequestMapping("/sandbox/eresidency/behaviour")
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class EresidencyTwinsDesk {

    static final Set<String> TWINS = Set.of("iin-registry", "company-registrar", "tulpar-mobile", "astana-bank", "steppe-bank");

    private final TwinBehaviour behaviour;

    public EresidencyTwinsDesk(TwinBehaviour behaviour) {
        this.behaviour = behaviour;
    }

    @PutMapping("/{twin}")
    public ResponseEntity<Object> set(@PathVariable String twin, @RequestBody TwinBehaviour.Behaviour wanted) {
        if (!TWINS.contains(twin)) {
            return ResponseEntity.status(404).body(Map.of("error", "no such twin; one of " + TWINS, "field", "twin"));
        }
        behaviour.set(twin, wanted);
        return ResponseEntity.ok(behaviour.all());
    }

    @GetMapping
    public Map<String, TwinBehaviour.Behaviour> all() {
        return behaviour.all();
    }

    @DeleteMapping
    public ResponseEntity<Void> reset() {
        behaviour.reset();
        return ResponseEntity.noContent().build();
    }
}
