package org.planetlab.portal.security;

import java.util.List;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.MethodHelp;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;

/**
 * The API's authorization table and argument types, applied to what the portal does. Each
 * portal action names the API method it corresponds to; the portal refuses it to a caller whose
 * roles may not call that method, exactly as the API's dispatcher would, before the typed
 * service applies its per-object rules (whose site, whose slice) with the same caller. Form
 * values are checked against the same types as the method's parameters.
 */
public final class ApiRules {
    private ApiRules() {}

    /** Whether the caller's roles may call {@code method} (for showing or hiding a form). */
    public static boolean may(Caller caller, String method) {
        MethodSpec spec = spec(method);
        return caller.roles().stream().anyMatch(spec::allows);
    }

    /** Refuses, as the API would, when the caller's roles may not call {@code method}. */
    public static void require(Caller caller, String method) {
        if (!may(caller, method)) {
            MethodSpec spec = spec(method);
            String held = caller.roles().isEmpty() ? "no role"
                    : String.join(", ", caller.roles().stream().map(Role::wireName).sorted().toList());
            throw PlanetLabException.permissionDenied("%s may be done by %s; %s has %s".formatted(
                    spec.name(), MethodHelp.rolesText(spec), caller.describe(), held));
        }
    }

    /**
     * Checks {@code value} against the type of parameter {@code index} of {@code method}; the
     * refusal names the field as the API's would ({@code person_fields.email: ...}).
     */
    public static Object check(String method, int index, Object value) {
        var param = spec(method).params().get(index);
        return param.type().check(value, param.name());
    }

    private static MethodSpec spec(String method) {
        return MethodCatalog.lookup(method).orElseThrow(() -> new IllegalStateException(
                "the portal names an API method that does not exist: " + method));
    }

    /** The methods the portal's actions correspond to; a test checks each is in the catalog. */
    public static final List<String> METHODS = List.of("GetSession", "RegisterPerson", "UpdatePerson", "AddPersonKey",
            "DeleteKey", "GetKeys", "GetSlices", "AddSlice", "UpdateSlice", "DeleteSlice", "AddSliceToNodes",
            "DeleteSliceFromNodes", "AddPersonToSlice", "DeletePersonFromSlice", "StartSlice", "StopSlice",
            "GetNodes", "GetPersons", "ApprovePerson", "DeletePerson", "GetSites", "AddNode", "UpdateNode",
            "AddInterface", "UpdateInterface", "GenerateNodeConfFile", "RebootNode", "RebootNodeWithPCU", "GetPCUs",
            "GetNodeConsoleLogs", "GetEvents", "WhoSentThis", "AddSite", "AddPerson", "AddPersonToSite",
            "AddRoleToPerson", "StopSiteSlices", "StopAllSlices", "ResumeAllSlices", "GetComplaints", "UpdateComplaint",
            "GetSliceUsage", "GetSliceTicket", "GetRollouts", "AddPCU", "GetLeases", "AddLeases", "DeleteLeases",
            "GetLeaseWindow", "GetNodeUsage", "UpdatePCU", "UpdateSite", "SetSliceAttr",
            "AddNodeToPCU", "DeleteRoleFromPerson", "DeleteSliceTag",
            "DeletePCU", "DeleteNodeFromPCU");
}
