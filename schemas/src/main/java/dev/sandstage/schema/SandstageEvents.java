package dev.sandstage.schema;

import dev.sandstage.events.AuditEvent;
import dev.sandstage.events.ExecutionJournalEntry;
import dev.sandstage.events.ToolCallDecision;
import dev.sandstage.events.ToolResult;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The record types that travel on Sandstage topics. {@link EventCodec} uses this list to tell
 * "a valid event of another type" from "bytes nobody knows". Immutable.
 */
public final class SandstageEvents {

    /** Every top-level event type, in the order of DESIGN section 2. */
    public static final List<Class<? extends SpecificRecord>> TYPES =
            List.of(ToolCallDecision.class, ToolResult.class, AuditEvent.class, ExecutionJournalEntry.class);

    private SandstageEvents() {
    }

    /** The current (compiled-in) schema of a generated event class. */
    public static Schema schemaOf(Class<? extends SpecificRecord> type) {
        return SpecificData.getForClass(type).getSchema(type);
    }
}
