package org.planetlab.portal.slice;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.planetlab.api.error.ErrorCategory;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.slice.SliceAttribute;
import org.planetlab.plc.slice.SliceDetails;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.plc.tag.TagTypeRef;
import org.planetlab.portal.security.Actions;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.web.FormErrors;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.WebRequest;

/**
 * A slice's attributes on its page: those set for the whole slice and those set for one of its
 * nodes; setting one for the slice or for one node (SetSliceAttr, which takes a node as
 * AddSliceTag does) and removing one (DeleteSliceTag). PLC's slice tag service decides, as for
 * the API, whether the person's roles reach the attribute's tag type and whether they are a user
 * of the slice or a PI of its site.
 */
final class SliceAttributePages {
    private final Plc plc;
    private final Actions actions;
    private final BiFunction<WebRequest, FormErrors, Reply> slicePage;

    /** @param slicePage renders the slice's page with a refused form's errors */
    SliceAttributePages(Plc plc, Actions actions, BiFunction<WebRequest, FormErrors, Reply> slicePage) {
        this.plc = requireNonNull(plc, "plc is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.slicePage = requireNonNull(slicePage, "slicePage is null");
    }

    void register(Routes routes) {
        routes.post("/slices/{id}/attributes", Routes.Access.SIGNED_IN, this::set)
                .post("/slices/{id}/attributes/{id}/delete", Routes.Access.SIGNED_IN, this::delete);
    }

    /** Every attribute of the slice: the slice-wide ones first, then each node's. */
    List<SliceAttribute> attributes(long sliceId) {
        return plc.database().read(handle -> {
            List<SliceAttribute> attributes = new ArrayList<>(plc.sliceTags().sliceAttributes(handle, sliceId));
            attributes.addAll(plc.sliceTags().nodeAttributes(handle, sliceId));
            return attributes;
        });
    }

    /** The attributes the caller's roles may set and remove (the tag type's min_role_id decides). */
    List<String> settable(Caller caller) {
        return ApiRules.may(caller, "SetSliceAttr")
                ? plc.database().read(handle -> plc.sliceTags().settableAttributes(handle, caller)) : List.of();
    }

    /** SetSliceAttr: the value for the whole slice, or for the node chosen as its scope. */
    private Reply set(WebRequest request) {
        SliceDetails slice = SlicePages.managedSlice(plc, request);
        String name = request.field("attribute");
        String value = request.field("attribute_value");
        if (value.isEmpty()) {
            return slicePage.apply(request, FormErrors.field("attribute_value", "Give the attribute's value."));
        }
        Optional<NodeRef> node = request.field("attribute_node").isEmpty() ? Optional.empty()
                : Optional.of(NodeRef.of(request.longField("attribute_node").orElseThrow(() ->
                        PlanetLabException.invalidArgument("attribute_node: not a node of the slice"))));
        try {
            actions.run(request.caller(), "SetSliceAttr", List.of(slice.sliceId(), name), mutation ->
                    plc.sliceTags().setSliceAttribute(mutation, SliceRef.of(slice.sliceId()), TagTypeRef.of(name),
                            value, node));
        } catch (PlanetLabException e) {
            ErrorCategory category = e.code().category();
            if (category == ErrorCategory.USER_ERROR || category == ErrorCategory.PERMISSION
                    || category == ErrorCategory.NOT_FOUND || category == ErrorCategory.CONFLICT) {
                return slicePage.apply(request, FormErrors.field("attribute_value", e.getMessage()));
            }
            throw e;
        }
        return Reply.redirect("/slices/" + slice.sliceId() + "?done=attribute-set");
    }

    /** DeleteSliceTag of an attribute of this slice; another slice's attribute is not found here. */
    private Reply delete(WebRequest request) {
        SliceDetails slice = SlicePages.managedSlice(plc, request);
        long sliceTagId = request.pathId(1);
        if (attributes(slice.sliceId()).stream().noneMatch(attribute -> attribute.sliceTagId() == sliceTagId)) {
            throw PlanetLabException.notFound("no attribute " + sliceTagId + " of slice " + slice.name());
        }
        actions.apply(request.caller(), "DeleteSliceTag", List.of(sliceTagId),
                mutation -> plc.sliceTags().deleteSliceTag(mutation, sliceTagId));
        return Reply.redirect("/slices/" + slice.sliceId() + "?done=attribute-removed");
    }
}
