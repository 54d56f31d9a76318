package org.planetlab.plc.tagging;

import static java.util.Objects.requireNonNull;

import org.planetlab.plc.tag.TagTypeRef;
import org.planetlab.api.schema.Filter;
import org.planetlab.api.tagging.ObjectTagApi.Kind;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.person.PersonService;
import org.planetlab.plc.store.QueryEngine;

/** The person, site and interface tag methods: wire values in, an {@link ObjectTagService} call, wire values out. */
public final class ObjectTagMethods {
    private final ObjectTagService tags;

    public ObjectTagMethods(ObjectTagService tags) {
        this.tags = requireNonNull(tags, "tags is null");
    }

    public void register(MethodRegistry registry) {
        for (Kind kind : Kind.values()) {
            registry.bind("Add" + kind.wireName() + "Tag", call -> tags.addTag(call.mutation(), kind, call.longArg(0),
                            tagType(call.arg(1)), call.stringArg(2)))
                    .bind("Get" + kind.wireName() + "Tags", call -> QueryEngine.get(call.db(), ObjectTagTables.of(kind),
                            (Filter) call.optionalArg(0).orElse(Filter.ALL), call.returnFields(1), access(call, kind)))
                    .bind("Update" + kind.wireName() + "Tag", call -> {
                        tags.updateTag(call.mutation(), kind, call.longArg(0), call.stringArg(1));
                        return 1L;
                    })
                    .bind("Delete" + kind.wireName() + "Tag", call -> {
                        tags.deleteTag(call.mutation(), kind, call.longArg(0));
                        return 1L;
                    });
        }
    }

    /** Person tags are seen by whoever may see the person; site and interface tags by everyone allowed the call. */
    private static QueryEngine.Access access(Call call, Kind kind) {
        return kind == Kind.PERSON
                ? new QueryEngine.Access(call.caller().isOperator(), PersonService.visibleTo(call.caller()))
                : QueryEngine.Access.EVERYONE;
    }

    static TagTypeRef tagType(Object wire) {
        return wire instanceof Long id ? TagTypeRef.of(id) : TagTypeRef.of((String) wire);
    }
}
