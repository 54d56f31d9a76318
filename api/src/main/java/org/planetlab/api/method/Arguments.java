package org.planetlab.api.method;

import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.ValueType;

/** Argument and result types that many methods share. */
public final class Arguments {
    private Arguments() {}

    /** The optional list of fields a Get method returns; nil means all. */
    public static final ValueType RETURN_FIELDS = new NullableType(new ArrayType(StringType.nonEmpty(64), 200));

    /** The 1 that PLCAPI's state-changing methods return on success. */
    public static final ValueType ONE = new IntType(1, 1);

    public static final String ONE_DOC = "1 on success";

    public static final String RETURN_FIELDS_DOC = "fields to return; nil for all";
}
