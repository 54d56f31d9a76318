package org.planetlab.plc.audit;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import org.duckdb.DuckDBWritableVector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes numbers into the vectors of a table function's output chunk. DuckDB's JDBC driver
 * (2.0.0.x) checks the row and the type and takes a lock to mark the row valid on every value it
 * sets: 18 lock round trips a record, as much CPU as the rest of the table function. The vector's
 * memory is already held by the driver as two native-order {@link ByteBuffer}s (the values, and
 * the validity mask of 64 rows a word), so the direct form writes the values there and marks the
 * chunk's rows valid a word at a time; every write is still bounds-checked by the buffer. If a
 * driver lacks those buffers, the checked form uses the driver's setters, value by value.
 *
 * <p>One chunk at a time, from the thread DuckDB calls the function on.
 */
abstract sealed class VectorColumns {
    private static final Logger LOG = LoggerFactory.getLogger(VectorColumns.class);
    private static final Field DATA = field("data");
    private static final Field VALIDITY = field("validity");

    final DuckDBWritableVector[] vectors;

    private VectorColumns(DuckDBWritableVector[] vectors) {
        this.vectors = vectors;
    }

    /** Writes into {@code vectors} the fastest way this driver allows. */
    static VectorColumns of(DuckDBWritableVector[] vectors) {
        return direct() ? new Direct(vectors) : new Checked(vectors);
    }

    /** Writes into {@code vectors} through the driver's setters, value by value. */
    static VectorColumns checked(DuckDBWritableVector[] vectors) {
        return new Checked(vectors);
    }

    /** Whether this driver's vectors are written directly. */
    static boolean direct() {
        return DATA != null && VALIDITY != null;
    }

    abstract void setLong(int column, int row, long value);

    abstract void setInt(int column, int row, int value);

    abstract void setShort(int column, int row, short value);

    abstract void setBoolean(int column, int row, boolean value);

    /**
     * The chunk holds {@code rows} rows: the columns in {@code numeric} (written for every row) are
     * valid in each. The other columns' rows are null unless set through the driver's setters.
     */
    abstract void finish(int rows, int numeric);

    private static Field field(String name) {
        try {
            Field field = DuckDBWritableVector.class.getDeclaredField(name);
            if (field.getType() != ByteBuffer.class) {
                throw new NoSuchFieldException(name + " is a " + field.getType().getName());
            }
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            LOG.info("flow archive: DuckDB's vectors are written value by value ({})", e.toString());
            return null;
        }
    }

    private static final class Direct extends VectorColumns {
        private final ByteBuffer[] data;

        Direct(DuckDBWritableVector[] vectors) {
            super(vectors);
            data = new ByteBuffer[vectors.length];
            for (int column = 0; column < vectors.length; column++) {
                data[column] = buffer(DATA, vectors[column]);
            }
        }

        @Override
        void setLong(int column, int row, long value) {
            data[column].putLong(row << 3, value);
        }

        @Override
        void setInt(int column, int row, int value) {
            data[column].putInt(row << 2, value);
        }

        @Override
        void setShort(int column, int row, short value) {
            data[column].putShort(row << 1, value);
        }

        @Override
        void setBoolean(int column, int row, boolean value) {
            data[column].put(row, value ? (byte) 1 : (byte) 0);
        }

        @Override
        void finish(int rows, int numeric) {
            for (int column = 0; column < numeric; column++) {
                ByteBuffer validity = buffer(VALIDITY, vectors[column]);
                int full = rows >>> 6;
                for (int word = 0; word < full; word++) {
                    validity.putLong(word << 3, -1L);
                }
                if ((rows & 63) != 0) {
                    validity.putLong(full << 3, (1L << (rows & 63)) - 1);
                }
            }
        }

        private static ByteBuffer buffer(Field field, DuckDBWritableVector vector) {
            try {
                return (ByteBuffer) field.get(vector);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot reach a DuckDB vector's memory", e);
            }
        }
    }

    private static final class Checked extends VectorColumns {
        Checked(DuckDBWritableVector[] vectors) {
            super(vectors);
        }

        @Override
        void setLong(int column, int row, long value) {
            vectors[column].setLong(row, value);
        }

        @Override
        void setInt(int column, int row, int value) {
            vectors[column].setInt(row, value);
        }

        @Override
        void setShort(int column, int row, short value) {
            vectors[column].setShort(row, value);
        }

        @Override
        void setBoolean(int column, int row, boolean value) {
            vectors[column].setBoolean(row, value);
        }

        @Override
        void finish(int rows, int numeric) {
            // Each setter marked its row valid.
        }
    }
}
