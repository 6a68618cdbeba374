package org.siphint.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siphint.event.LogNotice;
import org.siphint.event.MediaReport;
import org.siphint.event.SipMessage;
import org.siphint.sip.Sdp;
import org.siphint.transaction.Call;
import org.siphint.transaction.Registration;
import org.siphint.transaction.SipTransaction;

/**
 * A property rules read by name must have one accessor. With both {@code isX()} and {@code getX()}
 * Drools picks whichever the JVM's reflection lists first, and that order is not specified: the same
 * rule compiled on one Java 17 build and failed on another ("Predicate 'trying' must be a Boolean
 * expression").
 */
class FactPropertiesTest {

    @Test
    void noFactPropertyHasTwoAccessors() {
        List<String> ambiguous = new ArrayList<>();
        for (Class<?> fact : List.of(SipTransaction.class, Call.class, Registration.class, SipMessage.class,
                MediaReport.class, LogNotice.class, Sdp.class)) {
            Map<String, String> accessors = new HashMap<>();
            for (Method m : fact.getMethods()) {
                String property = propertyOf(m);
                if (property == null) {
                    continue;
                }
                String earlier = accessors.putIfAbsent(property, m.getName());
                if (earlier != null && !earlier.equals(m.getName())) {
                    ambiguous.add(fact.getSimpleName() + "." + property + ": " + earlier + "() and " + m.getName() + "()");
                }
            }
        }
        assertEquals(List.of(), ambiguous);
    }

    private static String propertyOf(Method m) {
        if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) {
            return null;
        }
        String name = m.getName();
        if (name.startsWith("get") && name.length() > 3) {
            return Character.toLowerCase(name.charAt(3)) + name.substring(4);
        }
        if (name.startsWith("is") && name.length() > 2 && (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class)) {
            return Character.toLowerCase(name.charAt(2)) + name.substring(3);
        }
        return null;
    }
}
