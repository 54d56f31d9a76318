package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.node.NodeGroupRef;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.tag.TagTypeRef;

/** The slice attribute methods: wire values in, a {@link SliceTagService} call, wire values out. */
public final class SliceTagMethods {
    private final SliceTagService sliceTags;

    public SliceTagMethods(SliceTagService sliceTags) {
        this.sliceTags = requireNonNull(sliceTags, "sliceTags is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddSliceTag", call -> sliceTags.addSliceTag(call.mutation(), new NewSliceTag(
                        slice(call.arg(0)), tagType(call.arg(1)), call.stringArg(2),
                        call.optionalArg(3).map(SliceTagMethods::node),
                        call.optionalArg(4).map(SliceTagMethods::group))))
                .bind("GetSliceTags", call -> QueryEngine.get(call.db(), SliceTables.SLICE_TAGS,
                        (Filter) call.optionalArg(0).orElse(Filter.ALL), call.returnFields(1), QueryEngine.Access.EVERYONE))
                .bind("UpdateSliceTag", call -> {
                    sliceTags.updateSliceTag(call.mutation(), call.longArg(0), call.stringArg(1));
                    return 1L;
                })
                .bind("DeleteSliceTag", call -> {
                    sliceTags.deleteSliceTag(call.mutation(), call.longArg(0));
                    return 1L;
                })
                .bind("SetSliceAttr", call -> {
                    Map<String, Object> attribute = call.structArg(1);
                    return sliceTags.setSliceAttribute(call.mutation(), slice(call.arg(0)),
                            tagType(attribute.get("name")), (String) attribute.get("value"),
                            Optional.ofNullable(attribute.get("node")).map(SliceTagMethods::node));
                });
    }

    private static SliceRef slice(Object wire) {
        return wire instanceof Long id ? SliceRef.of(id) : SliceRef.of((String) wire);
    }

    private static TagTypeRef tagType(Object wire) {
        return wire instanceof Long id ? TagTypeRef.of(id) : TagTypeRef.of((String) wire);
    }

    private static NodeRef node(Object wire) {
        return wire instanceof Long id ? NodeRef.of(id) : NodeRef.of((String) wire);
    }

    private static NodeGroupRef group(Object wire) {
        return wire instanceof Long id ? NodeGroupRef.of(id) : NodeGroupRef.of((String) wire);
    }
}
