package org.planetlab.plc.change;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a state-changing call touched: the objects it created, changed or deleted (recorded in
 * the event log), and whether it changed something every node's view depends on.
 */
public final class Changes {
    private final Set<ObjectRef> objects = new LinkedHashSet<>();
    private boolean everyNode;

    public void add(ObjectType type, long id) {
        objects.add(new ObjectRef(type, id));
    }

    /** Marks the change as affecting what every node runs (tag types, configuration files...). */
    public void affectsEveryNode() {
        everyNode = true;
    }

    public List<ObjectRef> objects() {
        return List.copyOf(objects);
    }

    public boolean everyNode() {
        return everyNode;
    }

    public boolean isEmpty() {
        return objects.isEmpty() && !everyNode;
    }
}
