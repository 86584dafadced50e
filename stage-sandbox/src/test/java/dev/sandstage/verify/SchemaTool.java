package dev.sandstage.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;

/**
 * A test tool whose arguments are checked by a real JSON Schema (draft 2020-12, networknt), so
 * the verifier's schema step runs against the same library the catalog uses. Immutable.
 */
record SchemaTool(String name, JsonSchema schema, ToolCeilings ceilings, long maxArgumentsBytes) implements VerifiableTool {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    static SchemaTool of(String name, String schemaJson, ToolCeilings ceilings, long maxArgumentsBytes) {
        return new SchemaTool(name, FACTORY.getSchema(schemaJson), ceilings, maxArgumentsBytes);
    }

    @Override
    public List<String> validateArguments(JsonNode arguments) {
        return schema.validate(arguments).stream().map(ValidationMessage::getMessage).sorted().toList();
    }
}
